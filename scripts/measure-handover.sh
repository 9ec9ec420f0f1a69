#!/usr/bin/env bash
# Measures, over REPEAT runs (default 3), on the real jar with real processes:
#   1. start-up: time from launching three replicas (X = 2, the four demo syncs) at once to all four
#      jobs owned (includes JVM and Spring start), and each replica's own start-up claim duration;
#   2. handover: time from SIGTERM of a replica to its jobs being owned by a peer, and to their first
#      execution on that peer. The latter includes waiting until the job is due (fixed delay after its
#      last end, cluster-wide), so it is also given as lateness: first start on the peer minus the due
#      time (last end on the terminated replica + fixed delay); the worst of the moved jobs.
# Each run uses a fresh database and lock table. Needs PostgreSQL (scripts/postgres.sh start) and DynamoDB
# Local on DYNAMODB_PORT (default 8000; started if absent). Settings: CLAIM_INTERVAL (10s), FIXED_DELAY (10s),
# LEASE (20s) (FIXED_DELAY in whole seconds, "10s"). Prints one line per run and min/median/max.
# Ownership is polled every 200 ms, which bounds the resolution of the first two figures.
set -euo pipefail
cd "$(dirname "$0")/.."
repeat="${REPEAT:-3}"
claim_interval="${CLAIM_INTERVAL:-10s}"
fixed_delay="${FIXED_DELAY:-10s}"
lease="${LEASE:-20s}"
dynamodb_port="${DYNAMODB_PORT:-8000}"
jobs=(customers-sync products-sync orders-sync payments-sync)
out=target/measure; mkdir -p "$out"
export PGPASSWORD="${SCALEPOC_DB_PASSWORD:-scalepoc}"
psql_() { psql -h 127.0.0.1 -U scalepoc -At "$@"; }

scripts/postgres.sh start >/dev/null
[ -f target/scale-poc.jar ] || ./mvnw -B -ntp -q -DskipTests package
ddb_pid=""
if ! curl -s -o /dev/null "http://localhost:$dynamodb_port"; then
  scripts/dynamodb-local.sh "$dynamodb_port" > "$out/dynamodb-local.log" 2>&1 & ddb_pid=$!
  until curl -s -o /dev/null "http://localhost:$dynamodb_port"; do sleep 0.2; done
fi
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; }
trap 'cleanup; [ -z "$ddb_pid" ] || kill "$ddb_pid" 2>/dev/null || true' EXIT

now_ms() { date +%s%3N; }
owned_by() { curl -s --max-time 1 "http://localhost:$1/actuator/ownership" | grep -o '"job":"[^"]*"' | cut -d'"' -f4 | grep -v demo-generator || true; }

startup=(); adopt=(); firstrun=(); late=()
for run in $(seq 1 "$repeat"); do
  db="scalepoc_measure_$(date +%s)_$run"; table="scalepoc-measure-$(date +%s)-$run"
  psql_ -d postgres -c "CREATE DATABASE $db" >/dev/null
  common=(--spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$db" --scalepoc.dynamodb.endpoint="http://localhost:$dynamodb_port"
          --scalepoc.dynamodb.table-name="$table" --scalepoc.tokens=2 --scalepoc.ownership.claim-interval="$claim_interval"
          --scalepoc.ownership.lease-duration="$lease" --scalepoc.jobs.demo-generator.enabled=false)
  for j in "${jobs[@]}"; do common+=(--scalepoc.jobs.$j.fixed-delay="$fixed_delay" --scalepoc.jobs.$j.initial-delay=0s); done
  pids=()
  t0=$(now_ms)
  for i in 1 2 3; do
    java -Xmx384m -jar target/scale-poc.jar --server.port=$((9080 + i)) --scalepoc.instance-id="m$run-r$i" "${common[@]}" \
      > "$out/run$run-replica$i.log" 2>&1 & pids+=($!)
  done
  until [ "$( (owned_by 9081; owned_by 9082; owned_by 9083) | sort -u | wc -l)" -eq 4 ]; do sleep 0.2; done
  t_owned=$(now_ms)
  claims=$(grep -ho "Start-up claim took [0-9]* ms" "$out"/run$run-replica*.log | grep -o "[0-9]*" | paste -sd/ -)
  startup+=($((t_owned - t0)))
  # SIGTERM the replica owning the most jobs, once every job has run at least once.
  until [ "$(psql_ -d "$db" -c "SELECT count(DISTINCT job_name) FROM datasync.batch_job_instance")" -ge 4 ]; do sleep 0.1; done
  victim=1; most=0
  for i in 1 2 3; do n=$(owned_by $((9080 + i)) | wc -l); if [ "$n" -gt "$most" ]; then most=$n; victim=$i; fi; done
  moved=$(owned_by $((9080 + victim)) | paste -sd' ' -)
  t1=$(now_ms)
  kill -TERM "${pids[$((victim - 1))]}"
  others=(); for i in 1 2 3; do [ "$i" = "$victim" ] || others+=($((9080 + i))); done
  until [ "$( (for p in "${others[@]}"; do owned_by "$p"; done) | sort -u | wc -l)" -eq 4 ]; do sleep 0.2; done
  t_adopt=$(now_ms)
  in_list=$(printf "'%s'," $moved); in_list=${in_list%,}
  until [ "$(psql_ -d "$db" -c "SELECT count(DISTINCT i.job_name) FROM datasync.batch_job_execution e JOIN datasync.batch_job_instance i USING (job_instance_id)
           WHERE i.job_name IN ($in_list) AND e.start_time >= to_timestamp($t1 / 1000.0) AT TIME ZONE 'UTC'")" -ge "$most" ]; do sleep 0.2; done
  t_run=$(now_ms)
  adopt+=($((t_adopt - t1))); firstrun+=($((t_run - t1)))
  late+=($(psql_ -d "$db" -c "
    WITH runs AS (SELECT i.job_name, e.start_time, e.end_time FROM datasync.batch_job_execution e
                    JOIN datasync.batch_job_instance i USING (job_instance_id) WHERE i.job_name IN ($in_list)),
         cut AS (SELECT to_timestamp($t1 / 1000.0) AT TIME ZONE 'UTC' AS t)
    SELECT round(max(extract(epoch FROM (p.first_start - (v.last_end + interval '${fixed_delay%s} seconds'))) * 1000))
      FROM (SELECT job_name, min(start_time) AS first_start FROM runs, cut WHERE start_time >= cut.t GROUP BY 1) p
      JOIN (SELECT job_name, max(end_time) AS last_end FROM runs, cut WHERE start_time < cut.t GROUP BY 1) v USING (job_name)"))
  echo "run $run: 3 replicas launched -> 4 jobs owned ${startup[-1]} ms (start-up claims $claims ms); SIGTERM m$run-r$victim owning [$moved] -> owned by peers ${adopt[-1]} ms, running on peers ${firstrun[-1]} ms (${late[-1]} ms after due)"
  cleanup; pids=()
  psql_ -d postgres -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "min %d / median %d / max %d ms", a[1], a[int((NR+1)/2)], a[NR]}'; }
echo "settings: lease $lease, claim interval $claim_interval, fixed delay $fixed_delay, $repeat runs"
echo "launch -> all owned:        $(stats "${startup[@]}")"
echo "SIGTERM -> owned by peers:  $(stats "${adopt[@]}")"
echo "SIGTERM -> running on peers: $(stats "${firstrun[@]}")"
echo "first run on peer after due: $(stats "${late[@]}")"
