#!/usr/bin/env bash
# The test command (README, .ci/run): starts what the tests need, then runs every test.
#   - PostgreSQL: the local install, started if it is not running, with the role 'scalepoc' (CREATEDB);
#     each test creates and drops databases of its own.
#   - DynamoDB Local: started in-process by the tests themselves, on a free port, one table per test.
#   - promtool (Debian package prometheus) and headless Chromium with chromedriver, installed if missing
#     (scripts/tools.sh): the alert rules are checked with promtool, the status page runs in Chromium.
# Unit tests (*Test) run in Surefire, real-infrastructure tests (*IntegrationTest, *ClusterTest) in Failsafe.
# Extra arguments go to Maven, e.g. scripts/test.sh -Dit.test=TwoReplicaClusterTest
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/tools.sh
started_postgres=""
if [ "$(scripts/postgres.sh start)" = started ]; then started_postgres=yes; fi
cleanup() {
  if [ -n "$started_postgres" ] && [ -z "${KEEP_POSTGRES:-}" ]; then scripts/postgres.sh stop || true; fi
}
trap cleanup EXIT

# install, not verify: the example team application (examples/team-app) is built by its test against the
# library as installed in the local Maven repository, as a team's build would resolve it.
./mvnw -B -ntp install "$@"
