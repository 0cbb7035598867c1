# Redis 7: one server, data under .run/redis.
REDIS_DIR="$RUN_DIR/redis"
REDIS_PID="$RUN_DIR/redis.pid"

redis_install() {
  command -v redis-server >/dev/null || apt_install redis-server
  # Debian enables a system redis on 6379 after installing; ours owns that port.
  if command -v systemctl >/dev/null && systemctl is-active -q redis-server 2>/dev/null; then
    systemctl stop redis-server; systemctl disable -q redis-server 2>/dev/null || true
  fi
  if [ -f /run/redis/redis-server.pid ] && [ ! -f "$REDIS_PID" ]; then
    kill "$(cat /run/redis/redis-server.pid)" 2>/dev/null || true; sleep 0.5
  fi
}

redis_up() {
  if pid_alive "$REDIS_PID"; then log "redis already running"; return 0; fi
  require_port_free "$REDIS_PORT" redis
  mkdir -p "$REDIS_DIR"
  start_daemon redis "$REDIS_PID" "$RUN_DIR/logs/redis.log" \
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" --appendonly yes \
      --save '' --daemonize no --protected-mode yes
  wait_until 30 redis redis-cli -p "$REDIS_PORT" ping || die "redis does not answer on $REDIS_PORT"
}

redis_down() { stop_pidfile redis "$REDIS_PID"; }

redis_status() {
  if pid_alive "$REDIS_PID" && redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    status_line redis up "127.0.0.1:$REDIS_PORT pid $(cat "$REDIS_PID") $(redis-server --version | grep -o 'v=[0-9.]*')"
  else
    status_line redis down "127.0.0.1:$REDIS_PORT"; return 1
  fi
}
