# Shared helpers for the local infrastructure launcher. Sourced, never run.
# Every server binds 127.0.0.1 only and keeps its data, logs and pid file under .run/.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="$ROOT/.run"
mkdir -p "$RUN_DIR"

log() { printf '\033[36m[infra]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[infra] error:\033[0m %s\n' "$*" >&2; exit 1; }

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pid_alive PIDFILE: true when the pid file exists and its process is running.
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# port_holder PORT: a short description of who listens on PORT (best effort).
port_holder() {
  if command -v ss >/dev/null 2>&1; then
    ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\))).*/\1/p' | head -n 1
  fi
}

# require_port_free PORT NAME: fail fast, naming the port, when a foreign process holds it.
require_port_free() {
  if port_open "$1"; then
    local who; who="$(port_holder "$1")"
    die "port $1 (needed by $2) is already held by another process${who:+: $who}. Stop it or change the port in scripts/infra/ports.sh."
  fi
}

# wait_until SECONDS DESCRIPTION CMD...: poll CMD every 0.5 s; fail with DESCRIPTION on timeout.
wait_until() {
  local timeout="$1" what="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.5
  done
}

# start_daemon NAME PIDFILE LOGFILE CMD...: run CMD detached from this shell, record its pid.
start_daemon() {
  local name="$1" pidfile="$2" logfile="$3"; shift 3
  mkdir -p "$(dirname "$logfile")"
  setsid "$@" >>"$logfile" 2>&1 < /dev/null &
  echo $! >"$pidfile"
  log "started $name (pid $(cat "$pidfile"), log ${logfile#"$ROOT/"})"
}

# stop_pidfile NAME PIDFILE: SIGTERM the process group, wait up to 30 s, then SIGKILL.
stop_pidfile() {
  local name="$1" pidfile="$2"
  if ! pid_alive "$pidfile"; then rm -f "$pidfile"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  local i
  for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name did not stop in 30 s, killing"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$pidfile"
  log "stopped $name"
}

# go_cmd: the Go toolchain's path (PATH first, then Go's default install location).
go_cmd() {
  if command -v go >/dev/null 2>&1; then command -v go
  elif [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go
  else return 1
  fi
}

# go_build NAME MODULE_DIR PACKAGE OUTPUT LOGFILE [LDFLAGS]: go build PACKAGE of MODULE_DIR into OUTPUT, with a
# progress line every 25 compiled packages (`-v`); the full output stays in LOGFILE. Fails the script on error.
go_build() {
  local name="$1" module="$2" package="$3" output="$4" build_log="$5" ldflags="${6:-}" go
  go="$(go_cmd)" || die "Go is needed to build $name ($module): install Go or put it on PATH"
  mkdir -p "$(dirname "$output")" "$(dirname "$build_log")"
  local start=$SECONDS n=0 line
  if ! ( cd "$module" && "$go" build -v -buildvcs=false -trimpath -ldflags "$ldflags" -o "$output.tmp" "$package" ) 2>&1 \
      | tee "$build_log" | while IFS= read -r line; do
          n=$((n + 1)); if [ $((n % 25)) -eq 0 ]; then log "  ... $name: $n packages ($line)"; fi
        done; then
    tail -n 30 "$build_log" >&2
    rm -f "$output.tmp"
    die "$name build failed; see ${build_log#"$ROOT/"}"
  fi
  mv -f "$output.tmp" "$output"
  log "built $name in $((SECONDS - start)) s"
}

_apt_updated=""
# apt_install PKG...: install Debian packages that are missing (needs root).
apt_install() {
  local missing=() p
  # "install ok installed" only: a removed package whose config files remain still answers `dpkg -s`.
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing packages ${missing[*]}: run as root or install them (apt-get install ${missing[*]})"
  if [ -z "$_apt_updated" ]; then log "apt-get update"; apt-get update -qq; _apt_updated=1; fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# status_line NAME STATE DETAIL: one aligned line of `make infra-status`.
status_line() { printf '%-18s %-5s %s\n' "$1" "$2" "$3"; }
