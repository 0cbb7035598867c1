# Apache RocketMQ 5: a name server JVM and a proxy JVM in "local" mode with the broker embedded.
# Jars come from Maven Central (scripts/rocketmq/pom.xml); config templates, topic list, logging config and the
# topic creator live in scripts/rocketmq/; everything the JVMs write stays under .run/rocketmq and .run/logs.
#
# Verified on Debian 12 / OpenJDK 17.0.15 / Maven 3.8.7 with RocketMQ 5.3.3 and rocketmq-client-nodejs 1.0.8:
# cold start to topics ready 5-6 s on an idle 2-core box (12-14 s while other builds ran), graceful stop
# 12-20 s; RSS ~110 MB name server, ~350-450 MB proxy+broker; idle CPU ~10% of a core (mostly the broker's
# 1 ms polling loops); transaction check-back 2-4 s after the half message; store ~1 MB until used.
#
# Surprises (things INFRA-NOTES did not say or got wrong):
# - Newest on Central is 5.5.0, but its proxy refuses every consumer whose group does not exist yet ("group not
#   found" on the telemetry stream, ClientProcessor.validateLiteMode), whatever autoCreateSubscriptionGroup
#   says. Pinned 5.3.3, where groups are auto-created on first use.
# - The broker refuses writes above diskSpaceWarningLevelRatio (default 90); diskMaxUsedSpaceRatio (75) only
#   drives clean-up. broker.conf raises both (95/97/98).
# - transactionCheckInterval=3000 or less needs transactionOpBatchInterval (default 3000 ms) lowered: commits
#   are written to the op queue in batches and a half message whose op is not written yet is checked again.
#   With 1 s checks and the default, committed messages were checked back ~4 times and delivered 4-5 times;
#   with transactionOpBatchInterval=100 exactly once.
# - TLS "permissive test mode" is the default: each start generated 4 self-signed RSA certificates (~6 s of
#   cold-JVM CPU) into java.io.tmpdir. Now -Dtls.server.mode=disabled for the remoting ports; the gRPC port
#   always builds a TLS context (it serves TLS and plaintext), so a certificate is made once with openssl.
# - Proxy gRPC (8081), proxy remoting (8090) and broker HA (10912) listen on 0.0.0.0: there is no bind-address
#   setting for them. The name server and the broker's 10911/10909 honour bindAddress=127.0.0.1. The broker
#   also needs listenPort-2 (10909) and listenPort+1 (10912), which are checked here too.
# - The proxy's default long-polling bounds are 5-20 s: SimpleConsumer awaitDuration below ~2 s failed ("The
#   deadline time remaining is not enough for polling") and PushConsumer.shutdown() took ~21 s. rmq-proxy.json
#   sets 1-5 s: shutdown takes ~6 s, and a receive() returns after at most 5 s.
# - The jars' logback configs write ~20 files of up to 100 MB under ${user.home}/logs; the 1 s transaction
#   check logs WARN "No new message" on every run; the timer-wheel flush (37 MB file) cost ~10% of a core
#   when run every second (now every 10 s); the default message-key index file is 420 MB (sparse, now 8 MB).
# - Admin tools (DefaultMQAdminExt) linger ~3 s after shutdown() on netty threads: our Java tools call exit.
# - rocketmq-client-nodejs: TransactionResolution is not exported from the package root (import it from
#   'rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb'); PushConsumer always logs to
#   ~/logs/rocketmq/rocketmq_client_nodejs.log, whatever `logger` is given.
#
# Layout under .run/:
#   rocketmq/lib-<version>/   jars (+ .complete stamp)           rocketmq/classes/  compiled tools (scripts/rocketmq/*.java)
#   rocketmq/home/            ROCKETMQ_HOME, user.home, tls/     rocketmq/conf/     rendered configs
#   rocketmq/store/           broker store (wipe = fresh broker) rocketmq/tmp/      java.io.tmpdir per JVM
#   rocketmq-namesrv.pid, rocketmq-proxy.pid
#   logs/rocketmq-{namesrv,proxy}.log          stdout/stderr (banner, fatal start-up errors)
#   logs/rocketmq-{namesrv,proxy}.detail.log   RocketMQ's own log (scripts/rocketmq/logback.xml, 10 MB x 3)
#   logs/rocketmq-tools.log, logs/rocketmq-install.log
RMQ_SRC="$ROOT/scripts/rocketmq"
RMQ_VERSION="$(sed -n 's:.*<rocketmq.version>\(.*\)</rocketmq.version>.*:\1:p' "$RMQ_SRC/pom.xml")"
RMQ_DIR="$RUN_DIR/rocketmq"
RMQ_LIB="$RMQ_DIR/lib-$RMQ_VERSION"
RMQ_CLASSES="$RMQ_DIR/classes"
RMQ_HOME="$RMQ_DIR/home"
RMQ_CONF="$RMQ_DIR/conf"
RMQ_STORE="$RMQ_DIR/store"
RMQ_TMP="$RMQ_DIR/tmp"
RMQ_NAMESRV_PID="$RUN_DIR/rocketmq-namesrv.pid"
RMQ_PROXY_PID="$RUN_DIR/rocketmq-proxy.pid"
RMQ_NAMESRV_LOG="$RUN_DIR/logs/rocketmq-namesrv.log"
RMQ_PROXY_LOG="$RUN_DIR/logs/rocketmq-proxy.log"
RMQ_CLUSTER=DefaultCluster
RMQ_TOPIC_QUEUES=4
RMQ_START_TIMEOUT=90
# The broker also listens on listenPort-2 (the "fast"/VIP channel) and listenPort+1 (HA replication).
RMQ_BROKER_FAST_PORT=$((RMQ_BROKER_PORT - 2))
RMQ_BROKER_HA_PORT=$((RMQ_BROKER_PORT + 1))

rocketmq_install() {
  command -v javac >/dev/null || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null || apt_install maven
  [ -n "$RMQ_VERSION" ] || die "no <rocketmq.version> in scripts/rocketmq/pom.xml"
  [ -f "$RMQ_LIB/.complete" ] && return 0
  local tmp="$RMQ_LIB.partial" mvnlog="$RUN_DIR/logs/rocketmq-install.log"
  mkdir -p "$RUN_DIR/logs"; rm -rf "$tmp"
  log "fetching RocketMQ $RMQ_VERSION jars from Maven Central via ~/.m2 (first time takes a few minutes; maven output: ${mvnlog#"$ROOT/"})"
  if ! mvn -B -Dstyle.color=never -f "$RMQ_SRC/pom.xml" dependency:copy-dependencies \
        -DoutputDirectory="$tmp" 2>&1 | _rmq_mvn_progress "$mvnlog"; then
    die "maven could not fetch the RocketMQ jars; see ${mvnlog#"$ROOT/"}"
  fi
  ls "$tmp"/rocketmq-proxy-"$RMQ_VERSION".jar >/dev/null 2>&1 || die "rocketmq-proxy-$RMQ_VERSION.jar missing after maven; see ${mvnlog#"$ROOT/"}"
  touch "$tmp/.complete"
  mv "$tmp" "$RMQ_LIB"
  log "RocketMQ $RMQ_VERSION: $(find "$RMQ_LIB" -name '*.jar' | wc -l) jars in ${RMQ_LIB#"$ROOT/"}"
  _rmq_compile_tools
  # jars of other versions are dead weight once nothing runs from them
  if ! pid_alive "$RMQ_NAMESRV_PID" && ! pid_alive "$RMQ_PROXY_PID"; then
    local d
    for d in "$RMQ_DIR"/lib-*; do [ "$d" = "$RMQ_LIB" ] || rm -rf "$d"; done
  fi
}

# _rmq_mvn_progress LOGFILE: keep maven's output in LOGFILE and turn it into a few progress lines.
_rmq_mvn_progress() {
  local line n=0 step=25
  : >"$1"
  while IFS= read -r line; do
    printf '%s\n' "$line" >>"$1"
    case "$line" in
      *"Downloaded from"*) n=$((n + 1)); [ $((n % step)) -eq 0 ] && log "  ... $n artifacts downloaded" ;;
      *"[ERROR]"*) log "  $line" ;;
      *"Copying "*) ;;
      *"BUILD SUCCESS"*) log "  maven done ($n artifacts downloaded)" ;;
    esac
  done
}

# Options shared by the RocketMQ JVMs: JDK 17 module openings, nothing written outside .run.
_rmq_java_opts() {
  printf '%s\n' \
    -XX:+UseSerialGC -XX:-UsePerfData -XX:+ExitOnOutOfMemoryError \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    --add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
    --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
    --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED \
    -Djava.net.preferIPv4Stack=true \
    -Dtls.server.mode=disabled -Dtls.test.mode.enable=false \
    "-Duser.home=$RMQ_HOME" "-Drocketmq.home.dir=$RMQ_HOME" \
    "-Drmq.logback.configurationFile=$RMQ_SRC/logback.xml"
}

# _rmq_tmpdir NAME: an empty java.io.tmpdir for one JVM (the proxy unpacks ~12 MB of RocksDB JNI per start).
_rmq_tmpdir() { rm -rf "${RMQ_TMP:?}/$1"; mkdir -p "$RMQ_TMP/$1"; echo "$RMQ_TMP/$1"; }

# The gRPC port always wants a TLS context (it serves TLS and plaintext on one port; rocketmq-client-nodejs
# uses plaintext unless sslEnabled). A certificate made once avoids the proxy's "test mode", which generates
# RSA keys at every start (seconds on a cold JVM). Prints the JSON fields replacing "tlsTestModeEnable": true.
_rmq_tls_fields() {
  local dir="$RMQ_HOME/tls"
  if [ ! -s "$dir/server.key" ] && command -v openssl >/dev/null; then
    mkdir -p "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=localhost \
      -keyout "$dir/server.key" -out "$dir/server.crt" >/dev/null 2>&1 || rm -f "$dir/server.key"
  fi
  if [ -s "$dir/server.key" ]; then
    printf '"tlsTestModeEnable": false, "tlsCertPath": "%s", "tlsKeyPath": "%s"' "$dir/server.crt" "$dir/server.key"
  else
    printf '"tlsTestModeEnable": true'
  fi
}

# _rmq_render FILE: scripts/rocketmq/FILE -> .run/rocketmq/conf/FILE with @VARS@ (namesrv.conf, broker.conf)
# or the ports, name server address and TLS fields (rmq-proxy.json, kept valid JSON) filled in.
_rmq_render() {
  local tls=""
  [ "$1" = rmq-proxy.json ] && tls="$(_rmq_tls_fields)"
  sed -e "s|@RMQ_HOME@|$RMQ_HOME|g" -e "s|@STORE_DIR@|$RMQ_STORE|g" \
      -e "s|@NAMESRV_PORT@|$RMQ_NAMESRV_PORT|g" -e "s|@BROKER_PORT@|$RMQ_BROKER_PORT|g" \
      -e "s|@BROKER_HA_PORT@|$RMQ_BROKER_HA_PORT|g" \
      -e "s|\"namesrvAddr\": *\"[^\"]*\"|\"namesrvAddr\": \"127.0.0.1:$RMQ_NAMESRV_PORT\"|" \
      -e "s|\"grpcServerPort\": *[0-9]*|\"grpcServerPort\": $RMQ_PROXY_GRPC_PORT|" \
      -e "s|\"remotingListenPort\": *[0-9]*|\"remotingListenPort\": $RMQ_PROXY_REMOTING_PORT|" \
      ${tls:+-e "s|\"tlsTestModeEnable\": *true|$tls|"} \
      "$RMQ_SRC/$1" >"$RMQ_CONF/$1"
}

# _rmq_started_or_dead PIDFILE PORT: true once PORT answers or the process is gone (so waits end early).
_rmq_started_or_dead() { port_open "$2" || ! pid_alive "$1"; }

# _rmq_wait NAME PIDFILE PORT LOG...: wait for PORT; fail naming the log files when the JVM dies or times out.
_rmq_wait() {
  local name="$1" pidfile="$2" port="$3"; shift 3
  local logs="" f
  for f in "$@"; do logs="$logs ${f#"$ROOT/"}"; done
  wait_until "$RMQ_START_TIMEOUT" "$name" _rmq_started_or_dead "$pidfile" "$port" \
    || die "$name does not answer on port $port after ${RMQ_START_TIMEOUT} s; see$logs"
  if ! pid_alive "$pidfile"; then
    rm -f "$pidfile"
    tail -n 60 "$1" 2>/dev/null | grep -E 'Exception|Error|Caused by' | tail -n 3 >&2 || true
    die "$name exited during start-up; see$logs"
  fi
}

# scripts/rocketmq/*.java compiled once per source change (javac is part of the JDK maven needs anyway).
_rmq_compile_tools() {
  local src cls stale=""
  for src in "$RMQ_SRC"/*.java; do
    cls="$RMQ_CLASSES/$(basename "$src" .java).class"
    [ -f "$cls" ] && [ "$cls" -nt "$src" ] && [ "$cls" -nt "$RMQ_LIB/.complete" ] || stale=1
  done
  [ -z "$stale" ] && return 0
  mkdir -p "$RMQ_CLASSES"
  javac -J-XX:-UsePerfData -nowarn -d "$RMQ_CLASSES" -cp "$RMQ_LIB/*" "$RMQ_SRC"/*.java || die "could not compile scripts/rocketmq/*.java"
}

# _rmq_tool <class> <args...>: runs one of scripts/rocketmq/*.java against the local cluster's libraries.
_rmq_tool() {
  _rmq_compile_tools
  java -Xmx128m -XX:TieredStopAtLevel=1 -XX:-UsePerfData "-Duser.home=$RMQ_HOME" "-Djava.io.tmpdir=$(_rmq_tmpdir tools)" \
    "-Drmq.logback.configurationFile=$RMQ_SRC/logback.xml" "-Drmq.log.file=$RUN_DIR/logs/rocketmq-tools.log" \
    -cp "$RMQ_CLASSES:$RMQ_LIB/*" "$@"
}

# The test stage's namespace (config/test.yaml rocketmq.namespace): its topics and groups are named <ns>_<name>
# (pkg/src/rocketmq stageName).
RMQ_TEST_NAMESPACE=test
RMQ_LISTS=("$RMQ_SRC/topics.txt" "$RMQ_SRC/groups.txt" "$RMQ_SRC/test-topics.txt" "$RMQ_SRC/test-groups.txt")

# _rmq_namespaced NS FILE...: the list lines of FILEs with NS_ before each name (comments dropped).
_rmq_namespaced() {
  local ns="$1"; shift
  sed -e 's/#.*//' "$@" | awk -v ns="$ns" 'NF { $1 = ns "_" $1; print }'
}

# _rmq_create_topics: create/update the topics and consumer groups of the lists (waits for the broker first):
# topics.txt and groups.txt as they are, for the local stage, and again in the test namespace together with
# test-topics.txt and test-groups.txt, so that `make test` and `make dev` never share a topic or a group.
_rmq_create_topics() {
  local out rc=0 marker="$RMQ_STORE/.topics-applied" topics="$RMQ_DIR/topics.all.txt" groups="$RMQ_DIR/groups.all.txt"
  mkdir -p "$RMQ_DIR"
  { cat "$RMQ_SRC/topics.txt"; _rmq_namespaced "$RMQ_TEST_NAMESPACE" "$RMQ_SRC/topics.txt" "$RMQ_SRC/test-topics.txt"; } >"$topics"
  { cat "$RMQ_SRC/groups.txt"; _rmq_namespaced "$RMQ_TEST_NAMESPACE" "$RMQ_SRC/groups.txt" "$RMQ_SRC/test-groups.txt"; } >"$groups"
  out="$(_rmq_tool CreateTopicsAndGroups "127.0.0.1:$RMQ_NAMESRV_PORT" "$RMQ_CLUSTER" \
      "$topics" "$groups" "$RMQ_START_TIMEOUT" "$RMQ_TOPIC_QUEUES" 2>&1)" || rc=$?
  local line
  while IFS= read -r line; do [ -n "$line" ] && log "  $line"; done <<<"$out"
  case "$rc" in
    0) mkdir -p "$RMQ_STORE"; touch "$marker" ;;
    2) die "the broker did not register at the name server; see ${RMQ_PROXY_LOG#"$ROOT/"} and ${RMQ_PROXY_LOG%.log}.detail.log" ;;
    *) die "creating the topics and groups of scripts/rocketmq/*.txt failed (exit $rc); see .run/logs/rocketmq-tools.log" ;;
  esac
}

# _rmq_lists_changed: true when a list is newer than the last successful creation.
_rmq_lists_changed() {
  local list
  for list in "${RMQ_LISTS[@]}"; do [ "$RMQ_STORE/.topics-applied" -nt "$list" ] || return 0; done
  return 1
}

# rocketmq_dlq [group...]: prints the dead-lettered messages of the groups (default: every group of groups.txt,
# the local stage's; a test stage group is named with its namespace, e.g. test_cart-service).
rocketmq_dlq() {
  pid_alive "$RMQ_PROXY_PID" || die "rocketmq is not running (make infra-up)"
  local groups=("$@")
  [ ${#groups[@]} -gt 0 ] || mapfile -t groups < <(sed -e 's/#.*//' "$RMQ_SRC/groups.txt" | awk 'NF { print $1 }')
  _rmq_tool ListDeadLetters "127.0.0.1:$RMQ_NAMESRV_PORT" "${groups[@]}"
}

# A store written by another RocketMQ version is set aside (the data is disposable test data).
_rmq_check_store_version() {
  local stamp="$RMQ_STORE/.rocketmq-version" was
  if [ -f "$stamp" ] && was="$(cat "$stamp")" && [ "$was" != "$RMQ_VERSION" ]; then
    log "store was written by RocketMQ $was; starting $RMQ_VERSION with a fresh one (old: ${RMQ_DIR#"$ROOT/"}/store-$was.old)"
    rm -rf "$RMQ_DIR/store-$was.old"; mv "$RMQ_STORE" "$RMQ_DIR/store-$was.old"
  fi
  mkdir -p "$RMQ_STORE"; echo "$RMQ_VERSION" >"$stamp"
}

rocketmq_up() {
  local t0=$SECONDS started=""
  [ -f "$RMQ_LIB/.complete" ] || rocketmq_install
  mkdir -p "$RMQ_HOME" "$RMQ_CONF" "$RMQ_STORE" "$RMQ_TMP" "$RUN_DIR/logs"
  local opts; mapfile -t opts < <(_rmq_java_opts)
  # all port checks first, so a busy proxy port does not leave a lone name server behind
  pid_alive "$RMQ_NAMESRV_PID" || require_port_free "$RMQ_NAMESRV_PORT" rocketmq-namesrv
  if ! pid_alive "$RMQ_PROXY_PID"; then
    local p
    for p in "$RMQ_PROXY_GRPC_PORT" "$RMQ_PROXY_REMOTING_PORT" "$RMQ_BROKER_PORT" "$RMQ_BROKER_FAST_PORT" "$RMQ_BROKER_HA_PORT"; do
      require_port_free "$p" "rocketmq-proxy (broker)"
    done
  fi

  if pid_alive "$RMQ_NAMESRV_PID"; then
    log "rocketmq name server already running"
  else
    _rmq_render namesrv.conf
    start_daemon rocketmq-namesrv "$RMQ_NAMESRV_PID" "$RMQ_NAMESRV_LOG" \
      env ROCKETMQ_HOME="$RMQ_HOME" java "${opts[@]}" \
        -Xms64m -Xmx256m -XX:MaxDirectMemorySize=64m -XX:ReservedCodeCacheSize=64m \
        "-Djava.io.tmpdir=$(_rmq_tmpdir namesrv)" \
        "-Drmq.log.file=${RMQ_NAMESRV_LOG%.log}.detail.log" \
        -cp "$RMQ_LIB/*" org.apache.rocketmq.namesrv.NamesrvStartup -c "$RMQ_CONF/namesrv.conf"
    started=1
  fi

  if pid_alive "$RMQ_PROXY_PID"; then
    log "rocketmq proxy already running"
  else
    _rmq_check_store_version
    _rmq_render broker.conf
    _rmq_render rmq-proxy.json
    start_daemon rocketmq-proxy "$RMQ_PROXY_PID" "$RMQ_PROXY_LOG" \
      env ROCKETMQ_HOME="$RMQ_HOME" java "${opts[@]}" \
        -Xms256m -Xmx768m -XX:MaxDirectMemorySize=256m -XX:ReservedCodeCacheSize=128m \
        "-Djava.io.tmpdir=$(_rmq_tmpdir proxy)" \
        "-Drmq.log.file=${RMQ_PROXY_LOG%.log}.detail.log" \
        -cp "$RMQ_LIB/*" org.apache.rocketmq.proxy.ProxyStartup \
        -pm local -bc "$RMQ_CONF/broker.conf" -pc "$RMQ_CONF/rmq-proxy.json"
    started=1
  fi

  if [ -n "$started" ]; then
    echo "$RMQ_VERSION" >"$RMQ_DIR/version.running"
    _rmq_wait rocketmq-namesrv "$RMQ_NAMESRV_PID" "$RMQ_NAMESRV_PORT" "$RMQ_NAMESRV_LOG" "${RMQ_NAMESRV_LOG%.log}.detail.log"
    _rmq_wait rocketmq-proxy "$RMQ_PROXY_PID" "$RMQ_PROXY_GRPC_PORT" "$RMQ_PROXY_LOG" "${RMQ_PROXY_LOG%.log}.detail.log"
    _rmq_create_topics
    log "rocketmq ready in $((SECONDS - t0)) s"
  elif _rmq_lists_changed; then
    _rmq_create_topics   # a list changed (or the last up failed before applying them)
  fi
}

rocketmq_down() {
  stop_pidfile rocketmq-proxy "$RMQ_PROXY_PID"
  stop_pidfile rocketmq-namesrv "$RMQ_NAMESRV_PID"
}

_rmq_proxy_ports_closed() { ! port_open "$RMQ_PROXY_GRPC_PORT" && ! port_open "$RMQ_BROKER_PORT"; }

# rocketmq_restart_proxy [TERM|KILL]: stops the proxy JVM (and the broker it embeds) and starts it again; the
# name server keeps running, so rocketmq_up starts only the proxy. TERM is a graceful stop (~30 s while clients
# hold streams open: the gRPC server waits for them); KILL is a crash, as of a killed pod: the store recovers
# what reached the page cache, consumer offsets may lag a few seconds (redelivery). Broker-outage tests use it.
rocketmq_restart_proxy() {
  local how="${1:-TERM}" t0=$SECONDS pid
  case "$how" in
    TERM) stop_pidfile rocketmq-proxy "$RMQ_PROXY_PID" ;;
    KILL)
      if pid_alive "$RMQ_PROXY_PID"; then
        pid="$(cat "$RMQ_PROXY_PID")"
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        # its listening sockets close with the process (even before it is reaped)
        wait_until 10 "rocketmq-proxy gone" _rmq_proxy_ports_closed || die "rocketmq-proxy (pid $pid) still holds its ports 10 s after SIGKILL"
        log "killed rocketmq-proxy (pid $pid)"
      fi
      rm -f "$RMQ_PROXY_PID"
      ;;
    *) die "usage: infra.sh restart-rocketmq-proxy [TERM|KILL]" ;;
  esac
  rocketmq_up
  log "rocketmq proxy restarted in $((SECONDS - t0)) s"
}

rocketmq_status() {
  local rc=0 v; v="$(cat "$RMQ_DIR/version.running" 2>/dev/null || echo "$RMQ_VERSION")"
  if pid_alive "$RMQ_NAMESRV_PID" && port_open "$RMQ_NAMESRV_PORT"; then
    status_line rocketmq-namesrv up "127.0.0.1:$RMQ_NAMESRV_PORT pid $(cat "$RMQ_NAMESRV_PID") v$v"
  else
    status_line rocketmq-namesrv down "127.0.0.1:$RMQ_NAMESRV_PORT"; rc=1
  fi
  if pid_alive "$RMQ_PROXY_PID" && port_open "$RMQ_PROXY_GRPC_PORT"; then
    status_line rocketmq-proxy up "127.0.0.1:$RMQ_PROXY_GRPC_PORT (grpc) broker 127.0.0.1:$RMQ_BROKER_PORT pid $(cat "$RMQ_PROXY_PID") v$v"
  else
    status_line rocketmq-proxy down "127.0.0.1:$RMQ_PROXY_GRPC_PORT (grpc)"; rc=1
  fi
  return $rc
}
