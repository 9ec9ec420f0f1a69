#!/usr/bin/env bash
# Failover benchmark on the real jar with real processes and signals. Per run (REPEAT, default 5), on a fresh
# database and lock table:
#   1. start-up: three replicas (X = 2, the four demo syncs, generator off) launched at once -> all four jobs
#      owned (includes JVM and Spring start); each replica's own start-up claim sweep from its log;
#   2. kill -9 of the replica owning the most jobs -> all jobs owned by the survivors, also as a ratio to the
#      lease duration (expected: about 1, bounded by lease + claim interval);
#   3. a replacement replica is started (as Kubernetes would), then SIGTERM of the replica owning the most
#      jobs -> its jobs owned by peers; the gap between the last run of a moved job on the terminated replica
#      and its first run on the next owner (worst moved job), and how late that first run was against the
#      job's due time (last end + fixed delay);
#   4. restart in place: a lone replica owning all four jobs (X = 4) is killed with kill -9 and started again
#      at once under the same instance id (what a pod's container restart does) -> up and owning all four
#      jobs again, also as a ratio to the lease duration (includes JVM and Spring start).
# Prints one line per run, then min/median/max. Needs PostgreSQL (scripts/postgres.sh start); starts DynamoDB
# Local on DYNAMODB_PORT (8000) if nothing answers there. Settings: LEASE (20s), CLAIM_INTERVAL (10s),
# FIXED_DELAY (10s), all in whole seconds with an "s". Ownership is polled every 200 ms (the resolution of
# the ownership figures). A benchmark: it prints figures and asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
repeat="${REPEAT:-5}"
lease="${LEASE:-20s}"
claim_interval="${CLAIM_INTERVAL:-10s}"
fixed_delay="${FIXED_DELAY:-10s}"
dynamodb_port="${DYNAMODB_PORT:-8000}"
jobs=(customers-sync products-sync orders-sync payments-sync)
out=target/bench-failover; mkdir -p "$out"
export PGPASSWORD="${SCALEPOC_DB_PASSWORD:-scalepoc}"
psql_() { psql -h 127.0.0.1 -U scalepoc -At "$@"; }

scripts/postgres.sh start >/dev/null
[ -f app/target/scale-poc.jar ] || ./mvnw -B -ntp -q -DskipTests package
ddb_pid=""
if ! curl -s -o /dev/null "http://localhost:$dynamodb_port"; then
  scripts/dynamodb-local.sh "$dynamodb_port" > "$out/dynamodb-local.log" 2>&1 & ddb_pid=$!
  until curl -s -o /dev/null "http://localhost:$dynamodb_port"; do sleep 0.2; done
fi
declare -A pid_of
cleanup() {
  for p in "${pid_of[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pid_of[@]}"; do wait "$p" 2>/dev/null || true; done
  pid_of=()
}
trap 'cleanup; [ -z "$ddb_pid" ] || kill "$ddb_pid" 2>/dev/null || true' EXIT

now_ms() { date +%s%3N; }
# the demo syncs a replica owns (the global monitors, weight 0, are owned too but are not what is measured)
owned_by() {
  curl -s --max-time 1 "http://localhost:$((9080 + $1))/actuator/ownership" | grep -o '"job":"[^"]*"' | cut -d'"' -f4 \
    | grep -xF "$(printf '%s\n' "${jobs[@]}")" || true
}
all_owned_by() { for r in "$@"; do owned_by "$r"; done | sort -u | wc -l; }
most_loaded() { local best=0 most=-1 n; for r in "$@"; do n=$(owned_by "$r" | wc -l); if [ "$n" -gt "$most" ]; then most=$n; best=$r; fi; done; echo "$best"; }
launch() {  # launch REPLICA_NUMBER
  java -Xmx384m -jar app/target/scale-poc.jar --server.port=$((9080 + $1)) --scalepoc.instance-id="b$run-r$1" "${common[@]}" \
    > "$out/run$run-replica$1.log" 2>&1 &
  pid_of[$1]=$!
}
executions_since() {  # JOB_LIST_SQL SINCE_MS -> number of moved jobs with an execution started since
  psql_ -d "$db" -c "SELECT count(DISTINCT i.job_name) FROM datasync.batch_job_execution e JOIN datasync.batch_job_instance i
    USING (job_instance_id) WHERE i.job_name IN ($1) AND e.start_time >= to_timestamp($2 / 1000.0) AT TIME ZONE 'UTC'"
}

startup=(); kill_ms=(); kill_ratio=(); term_ms=(); gap=(); late=(); restart_ms=(); restart_ratio=()
lease_ms=$(( ${lease%s} * 1000 ))
for run in $(seq 1 "$repeat"); do
  db="scalepoc_bench_$(date +%s)_$run"; table="scalepoc-bench-$(date +%s)-$run"
  psql_ -d postgres -c "CREATE DATABASE $db" >/dev/null
  common=(--spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$db" --scalepoc.dynamodb.endpoint="http://localhost:$dynamodb_port"
          --scalepoc.dynamodb.table-name="$table" --scalepoc.tokens=2 --scalepoc.ownership.claim-interval="$claim_interval"
          --scalepoc.ownership.lease-duration="$lease" --scalepoc.jobs.demo-generator.enabled=false)
  for j in "${jobs[@]}"; do common+=(--scalepoc.jobs.$j.fixed-delay="$fixed_delay" --scalepoc.jobs.$j.initial-delay=0s); done

  # 1. start-up
  t0=$(now_ms); launch 1; launch 2; launch 3
  until [ "$(all_owned_by 1 2 3)" -eq 4 ]; do sleep 0.2; done
  startup+=($(( $(now_ms) - t0 )))
  until [ "$(psql_ -d "$db" -c "SELECT count(DISTINCT job_name) FROM datasync.batch_job_instance")" -ge 4 ]; do sleep 0.2; done

  # 2. kill -9
  victim=$(most_loaded 1 2 3); survivors=(); for r in 1 2 3; do [ "$r" = "$victim" ] || survivors+=("$r"); done
  moved_kill=$(owned_by "$victim" | paste -sd' ' -)
  t1=$(now_ms); kill -9 "${pid_of[$victim]}"; wait "${pid_of[$victim]}" 2>/dev/null || true; unset "pid_of[$victim]"
  until [ "$(all_owned_by "${survivors[@]}")" -eq 4 ]; do sleep 0.2; done
  kill_ms+=($(( $(now_ms) - t1 ))); kill_ratio+=("$(awk -v a="${kill_ms[-1]}" -v l="$lease_ms" 'BEGIN {printf "%.2f", a / l}')")

  # 3. replacement, then SIGTERM
  launch 4
  until curl -sf -o /dev/null --max-time 1 "http://localhost:9084/actuator/health/readiness"; do sleep 0.2; done
  live=("${survivors[@]}" 4)
  victim=$(most_loaded "${survivors[@]}"); peers=(); for r in "${live[@]}"; do [ "$r" = "$victim" ] || peers+=("$r"); done
  moved=$(owned_by "$victim" | paste -sd' ' -)
  in_list=$(printf "'%s'," $moved); in_list=${in_list%,}
  t2=$(now_ms); kill -TERM "${pid_of[$victim]}"
  until [ "$(all_owned_by "${peers[@]}")" -eq 4 ]; do sleep 0.2; done
  term_ms+=($(( $(now_ms) - t2 )))
  until [ "$(executions_since "$in_list" "$t2")" -ge "$(echo "$moved" | wc -w)" ]; do sleep 0.2; done
  read -r g l < <(psql_ -d "$db" -F ' ' -c "
    WITH runs AS (SELECT i.job_name, e.start_time, e.end_time FROM datasync.batch_job_execution e
                    JOIN datasync.batch_job_instance i USING (job_instance_id) WHERE i.job_name IN ($in_list)),
         cut AS (SELECT to_timestamp($t2 / 1000.0) AT TIME ZONE 'UTC' AS t),
         per_job AS (SELECT p.first_start - v.last_end AS gap FROM
           (SELECT job_name, min(start_time) AS first_start FROM runs, cut WHERE start_time >= cut.t GROUP BY 1) p
           JOIN (SELECT job_name, max(end_time) AS last_end FROM runs, cut WHERE start_time < cut.t GROUP BY 1) v USING (job_name))
    SELECT round(max(extract(epoch FROM gap)) * 1000), round(max(extract(epoch FROM gap - interval '${fixed_delay%s} seconds')) * 1000)
      FROM per_job")
  gap+=("$g"); late+=("$l")
  cleanup

  # 4. restart in place: kill -9 a lone replica, start it again with the same instance id
  lone=(java -Xmx384m -jar app/target/scale-poc.jar --server.port=9089 --scalepoc.instance-id="b$run-lone"
        "${common[@]/--scalepoc.tokens=2/--scalepoc.tokens=4}")
  "${lone[@]}" > "$out/run$run-lone.log" 2>&1 & pid_of[9]=$!
  until [ "$(owned_by 9 | wc -l)" -eq 4 ]; do sleep 0.2; done
  t3=$(now_ms); kill -9 "${pid_of[9]}"; wait "${pid_of[9]}" 2>/dev/null || true
  "${lone[@]}" > "$out/run$run-lone-restarted.log" 2>&1 & pid_of[9]=$!
  until [ "$(owned_by 9 | wc -l)" -eq 4 ]; do sleep 0.2; done
  restart_ms+=($(( $(now_ms) - t3 ))); restart_ratio+=("$(awk -v a="${restart_ms[-1]}" -v l="$lease_ms" 'BEGIN {printf "%.2f", a / l}')")

  echo "run $run: launch -> all owned ${startup[-1]} ms (claims $(grep -ho "Start-up claim took [0-9]* ms" "$out"/run$run-replica[123].log | grep -o "[0-9]*" | paste -sd/ -) ms);" \
       "kill -9 of a replica owning [$moved_kill] -> owned ${kill_ms[-1]} ms (${kill_ratio[-1]} x lease);" \
       "SIGTERM of a replica owning [$moved] -> owned ${term_ms[-1]} ms, gap between runs ${g} ms (fixed delay $fixed_delay, ${l} ms late);" \
       "kill -9 of a lone replica, restarted with the same id -> owning its jobs again ${restart_ms[-1]} ms (${restart_ratio[-1]} x lease)"
  cleanup
  psql_ -d postgres -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
done
stats() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {printf "min %s / median %s / max %s", a[1], a[int((NR+1)/2)], a[NR]}'; }
echo "settings: lease $lease, claim interval $claim_interval, fixed delay $fixed_delay, $repeat runs"
echo "launch -> all owned (ms):                 $(stats "${startup[@]}")"
echo "kill -9 -> owned by survivors (ms):       $(stats "${kill_ms[@]}")"
echo "kill -9 -> owned, / lease duration:       $(stats "${kill_ratio[@]}")"
echo "SIGTERM -> owned by peers (ms):           $(stats "${term_ms[@]}")"
echo "SIGTERM: last run -> next run (ms):       $(stats "${gap[@]}")"
echo "SIGTERM: next run later than due (ms):    $(stats "${late[@]}")"
echo "restart in place -> owned again (ms):     $(stats "${restart_ms[@]}")"
echo "restart in place -> owned, / lease:       $(stats "${restart_ratio[@]}")"
