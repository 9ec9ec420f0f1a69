#!/usr/bin/env bash
# Makes a local PostgreSQL usable by scale-poc:
#   scripts/postgres.sh start   start the local install if it is not running, then create the role and
#                               database scale-poc uses (idempotent). Prints "started" when it started it.
#   scripts/postgres.sh stop    stop the local cluster (only Debian/Ubuntu clusters are managed).
# Connection: PGHOST (127.0.0.1), PGPORT (5432), SCALEPOC_DB_USER/SCALEPOC_DB_PASSWORD (scalepoc/scalepoc),
# SCALEPOC_DB_NAME (scalepoc). Against a server you run yourself, create that role and database once and
# set SPRING_DATASOURCE_URL/USERNAME/PASSWORD instead.
set -euo pipefail

host="${PGHOST:-127.0.0.1}"
port="${PGPORT:-5432}"
user="${SCALEPOC_DB_USER:-scalepoc}"
password="${SCALEPOC_DB_PASSWORD:-scalepoc}"
database="${SCALEPOC_DB_NAME:-scalepoc}"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else sudo -n -u postgres bash -c "$*"; fi
}

debian_cluster() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 1
  pg_lsclusters --no-header 2>/dev/null | awk -v p="$port" '$3 == p {print $1 " " $2; exit}'
}

start() {
  if pg_isready -q -h "$host" -p "$port" 2>/dev/null; then
    echo "PostgreSQL is already running on $host:$port" >&2
  else
    cluster="$(debian_cluster || true)"
    if [ -z "$cluster" ]; then
      echo "PostgreSQL is not running on $host:$port and no local cluster on that port was found." >&2
      echo "Start your PostgreSQL, or point SPRING_DATASOURCE_URL at one (see README)." >&2
      exit 1
    fi
    echo "Starting PostgreSQL cluster $cluster on port $port" >&2
    if [ "$(id -u)" = 0 ]; then pg_ctlcluster $cluster start; else sudo -n pg_ctlcluster $cluster start; fi
    for _ in $(seq 1 60); do
      pg_isready -q -h "$host" -p "$port" && break
      sleep 0.5
    done
    pg_isready -q -h "$host" -p "$port" || { echo "PostgreSQL did not become ready on $host:$port" >&2; exit 1; }
    echo started
  fi
  # Role and database, as the postgres superuser over the local socket (peer authentication).
  as_postgres "psql -q -v ON_ERROR_STOP=1 -p $port -d postgres" <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN
    CREATE ROLE $user LOGIN CREATEDB PASSWORD '$password';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $database OWNER $user' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$database')\gexec
SQL
}

stop() {
  cluster="$(debian_cluster || true)"
  [ -n "$cluster" ] || { echo "no local cluster on port $port to stop" >&2; return 0; }
  if [ "$(id -u)" = 0 ]; then pg_ctlcluster $cluster stop; else sudo -n pg_ctlcluster $cluster stop; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
