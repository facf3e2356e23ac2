#!/usr/bin/env bash
# Starts a throwaway Redis for the store tests on a free loopback port and
# exports ZCHAT_TEST_REDIS_ADDR (host:port); stops it and deletes its folder
# when the shell exits.
#
#   source .ci/redis.sh            # from a script (.ci/run): server for that shell
#   bash .ci/redis.sh CMD ARGS...  # run one command with a server, e.g.
#   bash .ci/redis.sh go test -race ./...   (in webhook/redisstore)
#
# It installs redis-server with apt-get when missing. With
# ZCHAT_TEST_REDIS_ADDR already set it starts nothing and uses that server.
# shellcheck source=.ci/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

zchat_redis_stop() {
  if [[ -n ${ZCHAT_REDIS_DIR:-} && -d $ZCHAT_REDIS_DIR ]]; then
    if [[ -s $ZCHAT_REDIS_DIR/redis.pid ]]; then
      local pid
      pid=$(cat "$ZCHAT_REDIS_DIR/redis.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
    fi
    rm -rf "$ZCHAT_REDIS_DIR"
    echo "redis: stopped"
  fi
}

zchat_redis_start() {
  if [[ -n ${ZCHAT_TEST_REDIS_ADDR:-} ]]; then
    echo "redis: using ZCHAT_TEST_REDIS_ADDR from the environment"
    return 0
  fi
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    echo "redis: installing with apt-get"
    zchat_ci_apt_install redis-server
  fi
  ZCHAT_REDIS_DIR=$(mktemp -d /tmp/zchat-ci-redis.XXXXXX)
  zchat_ci_on_exit zchat_redis_stop
  local port
  for _ in 1 2 3 4 5; do
    port=$(zchat_ci_free_port)
    # No persistence: the data is thrown away with the folder.
    redis-server --port "$port" --bind 127.0.0.1 --dir "$ZCHAT_REDIS_DIR" \
      --save '' --appendonly no --daemonize yes \
      --pidfile "$ZCHAT_REDIS_DIR/redis.pid" --logfile "$ZCHAT_REDIS_DIR/redis.log"
    for _ in $(seq 1 50); do
      if [[ $(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null) == PONG ]]; then
        export ZCHAT_TEST_REDIS_ADDR="127.0.0.1:$port"
        echo "redis: $(redis-server --version | cut -d' ' -f1-3) on $ZCHAT_TEST_REDIS_ADDR (ZCHAT_TEST_REDIS_ADDR)"
        return 0
      fi
      sleep 0.1
    done
  done
  cat "$ZCHAT_REDIS_DIR/redis.log" >&2
  return 1
}

if [[ ${BASH_SOURCE[0]} != "$0" ]]; then
  zchat_redis_start
else
  set -euo pipefail
  if [[ $# == 0 ]]; then
    echo "usage: bash .ci/redis.sh CMD [ARGS...]   or   source .ci/redis.sh" >&2
    exit 2
  fi
  zchat_redis_start
  # Not exec: the EXIT trap must run after the command to stop the server.
  "$@"
fi
