# shellcheck shell=bash
# Helpers shared by .ci/redis.sh and .ci/postgres.sh; sourced, never run.

# zchat_ci_apt_install PKG... installs Debian packages, running apt-get update
# at most once per CI run (the flag is exported so both servers share it).
zchat_ci_apt_install() {
  if [[ $(id -u) != 0 ]]; then
    echo "zchat ci: $* missing and not root: install it, or set the server's address yourself" >&2
    return 1
  fi
  if [[ -z ${ZCHAT_CI_APT_UPDATED:-} ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    export ZCHAT_CI_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# zchat_ci_free_port prints a loopback TCP port nobody listens on now. A server
# can still lose the race for it, so callers retry their start a few times.
zchat_ci_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "zchat ci: no free loopback port found" >&2
  return 1
}

# zchat_ci_on_exit CMD runs CMD (a simple command, no quotes) when the shell
# exits, before whatever EXIT trap was already set, so both servers' stops run.
zchat_ci_on_exit() {
  local prev
  prev=$(trap -p EXIT)
  prev=${prev#trap -- \'}
  prev=${prev%\' EXIT}
  # shellcheck disable=SC2064 # expand now: the trap keeps today's commands
  trap "$1${prev:+; $prev}" EXIT
  # A signal ends the shell through exit, so the EXIT trap runs then too.
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

