#!/usr/bin/env bash
# Benchmarks (docs/benchmarks.md): prints figures, asserts nothing; not part of the test suite.
#   scripts/bench.sh            # every benchmark below, then writes docs/benchmarks.md
#   scripts/bench.sh etl        # only the ETL throughput
#   scripts/bench.sh overhead   # only the per-run overhead, and PostgreSQL per run against bare Spring Batch
#   scripts/bench.sh cost       # only the DynamoDB requests per job-hour and the monthly cost
#   scripts/bench.sh startup    # only the start-up claim of 60 jobs, against the POC's blocking acquire
#   scripts/bench.sh rollout    # only the worst gap per job during a maxSurge-0 rolling update
#   scripts/bench.sh rebalance  # only fair balancing while scaling 1 -> 2 -> 4 -> 3 replicas
#   scripts/bench.sh failover   # only kill -9 adoption and SIGTERM hand-over (scripts/bench-failover.sh)
#   scripts/bench.sh shedlock   # only the same workload under ShedLock and scale-poc, side by side
#   scripts/bench.sh scale      # only 1,000 jobs on 5 replicas (start-up, steady state, kill -9) and 10,000 jobs
#   scripts/bench.sh report     # only rewrite docs/benchmarks.md from the figures of the last runs
# Knobs: BENCH_ROWS (1000000), BENCH_REPEAT (3), BENCH_CHUNK_SIZES (500,2000,5000,10000), BENCH_RUNS (200),
#        BENCH_JOBS (60), BENCH_WINDOW_SECONDS (180), BENCH_LEASE_MS (2000, start-up claim only),
#        BENCH_COMPARE_WINDOW_SECONDS (120, ShedLock side by side only), BENCH_SCALE_JOBS (1000),
#        BENCH_SCALE_LARGE_JOBS (10000), BENCH_SCALE_LARGE_XMX (256m: that replica's heap limit, the goal's),
#        BENCH_REPLICA_XMX (512m: the other scale benchmark replicas' heap limit),
#        BENCH_REPLICA_GC (G1: their collector; the tests' child JVMs use Serial). The benchmarks' child JVMs
#        compile with C2 as in production (the tests' use C1 only, for start-up).
# Needs PostgreSQL (started here if it is not running); DynamoDB Local runs in-process (failover: on port 8000).
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
out=target/bench; mkdir -p "$out"
started_postgres=""
if [ "$(scripts/postgres.sh start)" = started ]; then started_postgres=yes; fi
trap '[ -z "$started_postgres" ] || scripts/postgres.sh stop || true' EXIT

classes=()
case "$what" in
  etl) classes=(EtlThroughputBenchmark) ;;
  overhead) classes=(RunOverheadBenchmark FenceCostBenchmark PostgresPerRunBenchmark) ;;
  cost) classes=(DynamoDbCostBenchmark) ;;
  startup) classes=(StartupClaimBenchmark) ;;
  rollout) classes=(RollingUpdateBenchmark) ;;
  rebalance) classes=(RebalanceBenchmark) ;;
  scale) classes=(CatalogBindingBenchmark ScaleBenchmark) ;;
  failover) classes=() ;;
  shedlock) classes=(ShedLockComparisonBenchmark) ;;
  all) classes=(EtlThroughputBenchmark RunOverheadBenchmark FenceCostBenchmark PostgresPerRunBenchmark DynamoDbCostBenchmark StartupClaimBenchmark RollingUpdateBenchmark
                RebalanceBenchmark ShedLockComparisonBenchmark CatalogBindingBenchmark ScaleBenchmark) ;;
  report) classes=() ;;
  *) echo "unknown benchmark '$what' (etl, overhead, cost, startup, rollout, rebalance, scale, failover, shedlock, all, report)" >&2
     exit 2 ;;
esac

# The scale benchmark counts PostgreSQL statements with pg_stat_statements, which the server must preload:
# arranged here once (ALTER SYSTEM, one restart of the local cluster) when this user can act as postgres.
enable_pg_stat_statements() {
  local as_postgres
  if [ "$(id -u)" = 0 ]; then as_postgres=(su postgres -c); else as_postgres=(sudo -n -u postgres bash -c); fi
  if ! "${as_postgres[@]}" "psql -Atqc 'SHOW shared_preload_libraries' -d postgres" 2>/dev/null | grep -q pg_stat_statements; then
    "${as_postgres[@]}" "psql -qc \"ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'\" -d postgres" \
      && scripts/postgres.sh stop && scripts/postgres.sh start >/dev/null \
      || { echo "pg_stat_statements not enabled: statements per run are not measured" >&2; return 0; }
  fi
  "${as_postgres[@]}" "psql -qc 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' -d scalepoc" >/dev/null 2>&1 || true
  "${as_postgres[@]}" "psql -qc 'GRANT pg_read_all_stats TO scalepoc' -d postgres" >/dev/null 2>&1 || true
}
case " ${classes[*]-} " in *" ScaleBenchmark "*|*" PostgresPerRunBenchmark "*) enable_pg_stat_statements ;; esac

for class in ${classes[@]+"${classes[@]}"}; do
  echo "== $class"
  ./mvnw -B -ntp verify -Dit.test="$class" -Dtest=NoSuch -Dsurefire.failIfNoSpecifiedTests=false \
    -Dspotless.check.skip=true \
    -Dbench.rows="${BENCH_ROWS:-1000000}" -Dbench.repeat="${BENCH_REPEAT:-3}" \
    -Dbench.chunk-sizes="${BENCH_CHUNK_SIZES:-500,2000,5000,10000}" -Dbench.runs="${BENCH_RUNS:-200}" \
    -Dbench.jobs="${BENCH_JOBS:-60}" -Dbench.window-seconds="${BENCH_WINDOW_SECONDS:-180}" \
    -Dbench.lease-ms="${BENCH_LEASE_MS:-2000}" -Dbench.compare-window-seconds="${BENCH_COMPARE_WINDOW_SECONDS:-120}" \
    -Dbench.scale.jobs="${BENCH_SCALE_JOBS:-1000}" -Dbench.scale.large-jobs="${BENCH_SCALE_LARGE_JOBS:-10000}" \
    -Dbench.scale.large-xmx="${BENCH_SCALE_LARGE_XMX:-256m}" \
    -Dreplica.xmx="${BENCH_REPLICA_XMX:-512m}" -Dreplica.gc="${BENCH_REPLICA_GC:-G1}" -Dreplica.full-jit=true \
    > "$out/$class.log" 2>&1 || { echo "$class failed, see $out/$class.log" >&2; exit 1; }
  grep -E '^(RESULT|  chunk|  run |  worst gap |ETL)' "$out/$class.log" | tee "$out/$class.txt"
done

if [ "$what" = all ] || [ "$what" = failover ]; then
  echo "== scripts/bench-failover.sh"
  REPEAT="${BENCH_REPEAT:-3}" scripts/bench-failover.sh > "$out/failover.log" 2>&1 \
    || { echo "bench-failover.sh failed, see $out/failover.log" >&2; exit 1; }
  grep -E '^(run [0-9]+:|settings:|launch ->|kill -9|SIGTERM|restart in place)' "$out/failover.log" | sed 's/^/FAILOVER /' \
    | tee "$out/Failover.txt"
fi

if [ "$what" = all ] || [ "$what" = report ]; then
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; memory: $(free -g | awk '/Mem:/{print $2}') GiB"
    echo "postgresql: $(psql --version | awk '{print $3}') (local, default configuration); java: $(java -version 2>&1 | head -1)"
    cat "$out"/*Benchmark.txt
    [ ! -f "$out/Failover.txt" ] || cat "$out/Failover.txt"
  } > "$out/results.txt"
  python3 - "$out/results.txt" docs/benchmarks.md <<'PY'
import re, sys
results = open(sys.argv[1]).read().splitlines()
machine = [line for line in results if re.match(r'^(date|cpu|postgresql):', line)]
etl = [line for line in results if line.startswith('  chunk') or line.startswith('RESULT etl')]
overhead = [line for line in results if line.startswith('RESULT overhead')]
cost = [line for line in results if line.startswith('RESULT cost')]
startup = [line for line in results if line.startswith('RESULT startup') or line.startswith('  run ') and 'scale-poc' in line]
rollout = [line for line in results if line.startswith('RESULT rollout') or line.startswith('  run ') and 'worst gap per job (ms)' in line]
rebalance = [line for line in results if line.startswith('RESULT rebalance') or line.startswith('  run ')
             and ('balanced' in line or 'during the moves' in line) or line.startswith('  worst gap ')]
shedlock = [line for line in results if line.startswith('RESULT shedlock') or line.startswith('  run ')
            and ('shedlock' in line or 'scale-poc:' in line or 'scale-poc SIGSTOP' in line)]
failover = [line[len('FAILOVER '):] for line in results if line.startswith('FAILOVER ')]
scale = [line for line in results if line.startswith('RESULT scale') or line.startswith('RESULT catalog-binding')]
pg_per_run = [line for line in results if line.startswith('RESULT pg-per-run')]
doc = open(sys.argv[2]).read()
for key, lines in (('machine', machine), ('etl', etl), ('overhead', overhead), ('cost', cost), ('startup', startup),
                   ('rollout', rollout), ('rebalance', rebalance), ('shedlock', shedlock), ('failover', failover),
                   ('scale', scale), ('pg-per-run', pg_per_run)):
    if not lines:  # not measured in this target/bench: keep the figures on the page
        continue
    block = '```\n' + '\n'.join(lines) + '\n```'
    doc = re.sub(r'(<!-- results:%s [^>]*-->\n).*?(<!-- /results:%s -->)' % (key, key),
                 lambda m: m.group(1) + block + '\n' + m.group(2), doc, flags=re.S)
open(sys.argv[2], 'w').write(doc)
PY
  echo "Results in $out/results.txt and docs/benchmarks.md"
fi
