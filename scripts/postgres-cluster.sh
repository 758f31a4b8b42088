#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: installs nothing (Debian's `postgresql` package must be there; .ci/run
# installs it), keeps nothing, and never touches a cluster of the machine's own.
#
#   bash scripts/postgres-cluster.sh run [--] COMMAND...   start a cluster, run COMMAND with ECONSEC_TEST_POSTGRES_URL
#                                                          set, then stop the cluster and remove it (whatever COMMAND
#                                                          does, even on Ctrl-C); exits with COMMAND's status
#   bash scripts/postgres-cluster.sh start                 start one and print `export ECONSEC_TEST_POSTGRES_URL=…`
#                                                          and its directory (eval "$(… start)" in a shell)
#   bash scripts/postgres-cluster.sh stop DIR              stop the cluster started in DIR and remove DIR
#
# Fast and unsafe on purpose: initdb --no-sync, fsync, synchronous_commit and full_page_writes off (a crash loses
# the cluster, which nobody wants back). It listens on a unix socket in its own directory and on 127.0.0.1 at a free
# port, never a well-known one, with trust authentication: loopback only, and gone when the run ends. Databases are
# UTF-8 with the C.UTF-8 locale, which pg_trgm needs for Japanese (src/db/postgres/client.ts assertJapaneseReady).
# The URL names the maintenance database `postgres`; tests/helpers/postgres.ts makes a database per test file from
# the migrated template econsec_template, which this script creates (tests/helpers/postgres-template.ts).
# As root it runs the server as the `postgres` user (runuser), since PostgreSQL refuses to run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "postgres-cluster: $*" >&2; exit 1; }

# Debian puts the server's programs outside PATH (/usr/lib/postgresql/<major>/bin); PG_BIN overrides.
find_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$dir" && -x "$dir/initdb" ]]; then echo "$dir"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  die "no PostgreSQL server found (initdb): install Debian's postgresql package, or set PG_BIN"
}

# From /tmp: the postgres user may not be allowed into the checkout (a CI clone under /root), and initdb and pg_ctl
# fail when they cannot read their working directory.
as_server_user() {
  if [[ "$(id -u)" -eq 0 ]]; then (cd /tmp && runuser -u postgres -- "$@"); else "$@"; fi
}

start_cluster() {
  local bin dir port attempt
  bin="$(find_bin)"
  dir="$(mktemp -d /tmp/econsec-pg.XXXXXX)"
  if [[ "$(id -u)" -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root, but there is no postgres user to run the server as"
    chown postgres: "$dir"
  fi
  as_server_user "$bin/initdb" --no-sync -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  # A free port: a random one that nothing answers on, tried again if the server still cannot bind it.
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    if as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      >/dev/null; then
      echo "$dir" >"$dir/.dir"
      echo "$port" >"$dir/port"
      CLUSTER_DIR="$dir"
      CLUSTER_URL="postgres://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
  done
  cat "$dir/server.log" >&2 || true
  rm -rf "$dir"
  die "the server did not start"
}

stop_cluster() {
  local dir="$1"
  [[ -f "$dir/.dir" ]] || die "$dir is not a cluster directory made by this script"
  as_server_user "$(find_bin)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

make_template() {
  node --import tsx tests/helpers/postgres-template.ts "$CLUSTER_URL" >/dev/null
}

case "${1:-}" in
  run)
    shift
    [[ "${1:-}" == "--" ]] && shift
    [[ $# -gt 0 ]] || die "run needs a command"
    start_cluster
    trap 'stop_cluster "$CLUSTER_DIR"' EXIT
    trap 'exit 130' INT TERM
    make_template
    echo "postgres-cluster: PostgreSQL $("$(find_bin)/postgres" --version | awk '{print $3}') at $CLUSTER_URL ($CLUSTER_DIR)" >&2
    status=0
    ECONSEC_TEST_POSTGRES_URL="$CLUSTER_URL" "$@" || status=$?
    exit "$status"
    ;;
  start)
    start_cluster
    make_template || { stop_cluster "$CLUSTER_DIR"; die "could not make the template database"; }
    echo "export ECONSEC_TEST_POSTGRES_URL=$CLUSTER_URL"
    echo "# stop it with: bash scripts/postgres-cluster.sh stop $CLUSTER_DIR"
    ;;
  stop)
    [[ -n "${2:-}" ]] || die "stop needs the cluster's directory"
    stop_cluster "$2"
    ;;
  *)
    sed -n '5,12p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
