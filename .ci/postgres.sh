#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the store tests on a free loopback port and
# exports ZCHAT_TEST_PG_DSN; stops it and deletes its data when the shell exits.
#
#   source .ci/postgres.sh            # from a script (.ci/run): server for that shell
#   bash .ci/postgres.sh CMD ARGS...  # run one command with a server, e.g.
#   bash .ci/postgres.sh go test -race ./...   (in webhook/pgstore)
#
# It installs PostgreSQL with apt-get when missing. With ZCHAT_TEST_PG_DSN
# already set it starts nothing and uses that server.
# shellcheck source=.ci/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

zchat_pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -n $d && -x $d/initdb ]]; then echo "$d"; return 0; fi
  d=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")
  if [[ -x $d/initdb && -x $d/pg_ctl ]]; then echo "$d"; return 0; fi
  return 1
}

# zchat_pg_as runs a command as the user that owns the data folder: postgres
# refuses to run as root, so root runs it as the "postgres" account.
zchat_pg_as() {
  if [[ $(id -u) == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

zchat_pg_stop() {
  if [[ -n ${ZCHAT_PG_DIR:-} && -d $ZCHAT_PG_DIR ]]; then
    zchat_pg_as "$ZCHAT_PG_BIN/pg_ctl" -D "$ZCHAT_PG_DIR/data" -m immediate -s stop >/dev/null 2>&1 || true
    rm -rf "$ZCHAT_PG_DIR"
    echo "postgres: stopped"
  fi
}

zchat_pg_start() {
  if [[ -n ${ZCHAT_TEST_PG_DSN:-} ]]; then
    echo "postgres: using ZCHAT_TEST_PG_DSN from the environment"
    return 0
  fi
  if ! ZCHAT_PG_BIN=$(zchat_pg_bin); then
    echo "postgres: installing with apt-get"
    zchat_ci_apt_install postgresql
    ZCHAT_PG_BIN=$(zchat_pg_bin)
  fi
  ZCHAT_PG_DIR=$(mktemp -d /tmp/zchat-ci-pg.XXXXXX)
  chmod 755 "$ZCHAT_PG_DIR"
  zchat_ci_on_exit zchat_pg_stop
  if [[ $(id -u) == 0 ]]; then
    chown postgres: "$ZCHAT_PG_DIR"
  fi
  zchat_pg_as "$ZCHAT_PG_BIN/initdb" -D "$ZCHAT_PG_DIR/data" -U postgres \
    --auth=trust -E UTF8 --no-locale --no-sync >"$ZCHAT_PG_DIR/initdb.log" 2>&1 || {
    cat "$ZCHAT_PG_DIR/initdb.log" >&2
    return 1
  }
  local port
  for _ in 1 2 3 4 5; do
    port=$(zchat_ci_free_port)
    # fsync off: the data is thrown away; the socket lives in the throwaway folder.
    if zchat_pg_as "$ZCHAT_PG_BIN/pg_ctl" -D "$ZCHAT_PG_DIR/data" -l "$ZCHAT_PG_DIR/server.log" -w -t 60 -s \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$ZCHAT_PG_DIR -c fsync=off -c max_connections=200" \
      start; then
      export ZCHAT_TEST_PG_DSN="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
      echo "postgres: $("$ZCHAT_PG_BIN/postgres" --version) on 127.0.0.1:$port (ZCHAT_TEST_PG_DSN)"
      return 0
    fi
  done
  cat "$ZCHAT_PG_DIR/server.log" >&2
  return 1
}

if [[ ${BASH_SOURCE[0]} != "$0" ]]; then
  zchat_pg_start
else
  set -euo pipefail
  if [[ $# == 0 ]]; then
    echo "usage: bash .ci/postgres.sh CMD [ARGS...]   or   source .ci/postgres.sh" >&2
    exit 2
  fi
  zchat_pg_start
  # Not exec: the EXIT trap must run after the command to stop the server.
  "$@"
fi
