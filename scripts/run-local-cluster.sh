#!/usr/bin/env bash
# The main command (README): a whole local scale-poc cluster on embedded defaults.
#   - PostgreSQL: the local install, started if it is not running (or yours: set SPRING_DATASOURCE_URL,
#     SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD);
#   - DynamoDB Local on port 8000 (in memory; reused if one already answers there);
#   - three replicas (REPLICAS) with X = 2 tokens (TOKENS) on ports 8081.. (FIRST_PORT), sharing the
#     four demo table-sync jobs and the demo generator;
# then prints who owns what whenever it changes, and row counts every 15 s. Ctrl-C stops everything
# it started. Logs: target/local-cluster/.
set -euo pipefail
cd "$(dirname "$0")/.."

replicas="${REPLICAS:-3}"
tokens="${TOKENS:-2}"
first_port="${FIRST_PORT:-8081}"
dynamodb_port="${DYNAMODB_PORT:-8000}"
logs=target/local-cluster
mkdir -p "$logs"

started_postgres=""
dynamodb_pid=""
replica_pids=()

cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping: replicas get SIGTERM and release their leases"
  for pid in "${replica_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${replica_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$dynamodb_pid" ]; then kill "$dynamodb_pid" 2>/dev/null || true; wait "$dynamodb_pid" 2>/dev/null || true; fi
  if [ -n "$started_postgres" ]; then scripts/postgres.sh stop >/dev/null 2>&1 || true; fi
  echo "Stopped everything this script started."
}
# One Ctrl-C or SIGTERM is enough: clean up, then leave (the watch loop below never ends by itself).
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

if [ -z "${SPRING_DATASOURCE_URL:-}" ]; then
  if [ "$(scripts/postgres.sh start)" = started ]; then started_postgres=yes; fi
fi

echo "Building the application jar"
./mvnw -B -ntp -q -DskipTests package

if curl -s -o /dev/null "http://localhost:$dynamodb_port"; then
  echo "Reusing the DynamoDB (Local) that answers on port $dynamodb_port"
else
  echo "Starting DynamoDB Local on port $dynamodb_port"
  scripts/dynamodb-local.sh "$dynamodb_port" > "$logs/dynamodb-local.log" 2>&1 &
  dynamodb_pid=$!
  for _ in $(seq 1 120); do curl -s -o /dev/null "http://localhost:$dynamodb_port" && break; sleep 0.5; done
  curl -s -o /dev/null "http://localhost:$dynamodb_port" || { echo "DynamoDB Local did not start, see $logs/dynamodb-local.log"; exit 1; }
fi

for i in $(seq 1 "$replicas"); do
  port=$((first_port + i - 1))
  java -Xmx384m -jar app/target/scale-poc.jar \
    --server.port="$port" \
    --scalepoc.instance-id="replica-$i" \
    --scalepoc.tokens="$tokens" \
    --scalepoc.dynamodb.endpoint="http://localhost:$dynamodb_port" \
    > "$logs/replica-$i.log" 2>&1 &
  replica_pids+=($!)
  echo $! > "$logs/replica-$i.pid"
  echo "Started replica-$i (pid $!) on http://localhost:$port  (log: $logs/replica-$i.log)"
done

cat <<HELP

Watching ownership (GET /actuator/ownership on every replica). Try, in another terminal:
  kill -TERM \$(cat $logs/replica-1.pid)   # graceful: its leases are released, a peer adopts within a claim interval
  kill -9    \$(cat $logs/replica-2.pid)   # crash: its leases expire, a peer adopts within lease + claim interval
  curl -u operator:demo -X POST -H 'X-Requested-With: curl' localhost:$first_port/api/jobs/orders-sync/pause  # also resume, trigger, release
  curl -s localhost:$first_port/api/jobs        # every job: owner, epoch, paused, last run, next due, open alerts
Open alerts are printed when they change (monitor-1 checks every 10 s). Ctrl-C stops the cluster.

HELP

ownership_of() {
  local json
  json="$(curl -s --max-time 1 "http://localhost:$1/actuator/ownership" 2>/dev/null || true)"
  if [ -z "$json" ]; then echo "down"; return; fi
  local jobs used capacity
  jobs="$(printf '%s' "$json" | grep -o '"job":"[^"]*"' | cut -d'"' -f4 | paste -sd, - || true)"
  used="$(printf '%s' "$json" | grep -o '"used":[0-9]*' | cut -d: -f2)"
  capacity="$(printf '%s' "$json" | grep -o '"capacity":[0-9]*' | cut -d: -f2)"
  echo "[${jobs}] ${used}/${capacity} tokens"
}

open_alerts() {
  local json
  for i in $(seq 1 "$replicas"); do
    json="$(curl -s --max-time 1 "http://localhost:$((first_port + i - 1))/api/alerts?state=open" 2>/dev/null || true)"
    if [ -n "$json" ]; then
      printf '%s' "$json" | grep -o '"type":"[^"]*","job":"[^"]*"' | sed 's/"type":"\([^"]*\)","job":"\([^"]*\)"/\1 \2/' \
        | paste -sd, - || true
      return
    fi
  done
}

row_counts() {
  [ -z "${SPRING_DATASOURCE_URL:-}" ] || return 0
  PGPASSWORD="${SCALEPOC_DB_PASSWORD:-scalepoc}" psql -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" \
    -U "${SCALEPOC_DB_USER:-scalepoc}" -d "${SCALEPOC_DB_NAME:-scalepoc}" -At -F ' ' -c "
      SELECT string_agg(t || ' ' || s || '->' || d, ' | ') FROM (
        SELECT 'customers' t, (SELECT count(*) FROM source.customers) s, (SELECT count(*) FROM datasync.customers) d UNION ALL
        SELECT 'products', (SELECT count(*) FROM source.products), (SELECT count(*) FROM datasync.products) UNION ALL
        SELECT 'orders', (SELECT count(*) FROM source.orders), (SELECT count(*) FROM datasync.orders) UNION ALL
        SELECT 'payments', (SELECT count(*) FROM source.payments), (SELECT count(*) FROM datasync.payments)) c" 2>/dev/null || true
}

last=""
last_alerts="(not read yet)"
ticks=0
while true; do
  line=""
  for i in $(seq 1 "$replicas"); do
    line="$line  replica-$i: $(ownership_of $((first_port + i - 1)))"
  done
  if [ "$line" != "$last" ]; then
    echo "$(date +%T) ownership:$line"
    last="$line"
  fi
  alerts="$(open_alerts)"
  if [ "$alerts" != "$last_alerts" ]; then
    echo "$(date +%T) open alerts: ${alerts:-none}"
    last_alerts="$alerts"
  fi
  if [ $((ticks % 15)) -eq 0 ]; then
    counts="$(row_counts)"
    [ -z "$counts" ] || echo "$(date +%T) rows source->target: $counts"
  fi
  ticks=$((ticks + 1))
  sleep 1
done
