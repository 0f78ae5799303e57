#!/usr/bin/env bash
# jwtgate load benchmark: plain HTTP/1.1 proxying on loopback, compared with nginx direct and HAProxy.
#
#   jwtgate-bench/load/run-load.sh [RESULTS_FILE]
#
# Targets (all share one nginx backend on 127.0.0.1:$BACKEND_PORT):
#   nginx-direct       wrk -> nginx
#   haproxy            wrk -> HAProxy (HTTP mode, nbthread 1, http-reuse always) -> nginx
#   jwtgate            wrk -> jwtgate (one event loop per core) -> nginx
#   routing scale      wrk -> a second jwtgate with 10, then 10,000 Host routers (one per tenant) -> nginx,
#                      each request for a random tenant (ROUTING_SCALE=0 skips it)
# For each: req/s, latency p50/p99 (wrk), CPU microseconds per request of the proxy process
# (utime+stime from /proc/<pid>/stat around the measured run), peak RSS (VmHWM).
# See README.md next to this file.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

RESULTS_FILE="${1:-}"
WRK_THREADS="${WRK_THREADS:-1}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-32}"
WRK_DURATION="${WRK_DURATION:-10s}"
WARMUP_DURATION="${WARMUP_DURATION:-5s}"
NGINX_WORKERS="${NGINX_WORKERS:-1}"
BACKEND_PORT="${BACKEND_PORT:-18081}"
HAPROXY_PORT="${HAPROXY_PORT:-18082}"
JWTGATE_PORT="${JWTGATE_PORT:-18080}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-60}"   # seconds to wait for a port (after the jwtgate build)
KEEP_TMP="${KEEP_TMP:-0}"                  # 1 = keep the temp dir with configs and logs
WAIT_FOR_IDLE="${WAIT_FOR_IDLE:-60}"       # seconds to wait for other processes to go quiet
BACKGROUND_WARN_PCT="${BACKGROUND_WARN_PCT:-5}"  # % of one core used by others = "disturbed"
MEASURE_RETRIES="${MEASURE_RETRIES:-2}"    # re-measure a disturbed run this many times
JWT_CASES="${JWT_CASES:-1}"                # 0 = only the three proxying rows (no JWT cases)
JWT_TOKENS="${JWT_TOKENS:-10000}"          # distinct tokens per algorithm in the token files
JWT_ALGS="${JWT_ALGS:-hs256 rs256 es256}"   # which JWT rows to measure (e.g. JWT_ALGS=rs256 for a quick A/B)
SOAK_DURATION="${SOAK_DURATION:-0}"        # e.g. 300s: jwtgate RS256 distinct-token soak, RSS sampled every 30 s
HEADER_BYTES="${HEADER_BYTES:-0}"          # e.g. 2400: HAProxy and jwtgate again with a header of that many characters
HALF_RATE="${HALF_RATE:-1}"                # 1 = also jwtgate with/without RS256 at half its RS256 saturated rate (p99 added)
ROUTING_SCALE="${ROUTING_SCALE:-1}"        # 1 = jwtgate with N Host routers for each N of ROUTING_SCALE_ROUTERS
ROUTING_SCALE_ROUTERS="${ROUTING_SCALE_ROUTERS:-10 10000}"
SCALE_PORT="${SCALE_PORT:-18083}"          # the routing-scale jwtgate (one at a time)
FLOOR="${FLOOR:-0}"                        # 1 = also the floors: a bare Netty proxy and a bare Vert.x proxy (benchmarks jar)
FLOOR_PORT="${FLOOR_PORT:-18084}"          # the floor proxies (one at a time)
HOST=127.0.0.1                             # the only address this script ever targets

log()  { printf '[run-load] %s\n' "$*" >&2; }
die()  { printf '[run-load] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# 1. Tools
# ---------------------------------------------------------------------------------------------
ensure_tools() {
  local missing=()
  command -v nginx   >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]   || missing+=(nginx)
  command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
  command -v wrk     >/dev/null 2>&1 || missing+=(wrk)
  command -v curl    >/dev/null 2>&1 || missing+=(curl)
  if [ "${#missing[@]}" -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}"
    log "installing ${missing[*]} with apt-get"
    apt-get update -qq >/dev/null || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
      || die "apt-get install ${missing[*]} failed"
  fi
  export PATH="$PATH:/usr/sbin:/sbin"
  for t in nginx haproxy wrk curl; do command -v "$t" >/dev/null || die "$t not found after install"; done
}

# ---------------------------------------------------------------------------------------------
# 2. Processes (all children of this script; stopped by the EXIT trap)
# ---------------------------------------------------------------------------------------------
TMP=""
CHILD_PIDS=()
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local p
  for p in "${CHILD_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${CHILD_PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  if [ -n "$TMP" ] && [ -d "$TMP" ]; then
    if [ "$rc" != 0 ] || [ "$KEEP_TMP" = 1 ]; then log "configs and logs kept in $TMP"; else rm -rf "$TMP"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# How a child process ended, in EXIT_INFO (call only when it no longer runs; not in a $(...)
# subshell, which could not wait for this shell's children)
exit_info() {
  local rc=0
  wait "$1" 2>/dev/null || rc=$?
  if [ "$rc" -gt 128 ] && [ "$rc" -lt 160 ]; then
    EXIT_INFO="killed by signal $(kill -l $((rc - 128)) 2>/dev/null || echo $((rc - 128)))"
  else
    EXIT_INFO="exited with status $rc"
  fi
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

ensure_port_free() {
  if port_open "$1"; then die "port $HOST:$1 is already in use (set ${2}_PORT to another port)"; fi
}

# wait_port PORT PID LOGFILE NAME : wait until PORT accepts connections while PID is alive
wait_port() {
  local port=$1 pid=$2 logfile=$3 name=$4 deadline=$((SECONDS + STARTUP_TIMEOUT))
  until port_open "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      exit_info "$pid"; log "$name $EXIT_INFO during startup; last lines of $logfile:"; tail -n 30 "$logfile" >&2 || true
      die "$name did not start"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "last lines of $logfile:"; tail -n 30 "$logfile" >&2 || true
      die "$name did not listen on $HOST:$port within ${STARTUP_TIMEOUT}s"
    fi
    sleep 0.1
  done
}

# check_status URL EXPECTED [curl args...] : one request must return EXPECTED (default 200)
check_status() {
  local url=$1 expected=$2; shift 2
  local code
  code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "$@" "$url" 2>&1) || true
  [ "$code" = "$expected" ] || die "GET $url returned '$code', expected $expected"
}

start_backend() {
  mkdir -p "$TMP/nginx/logs" "$TMP/nginx/tmp"
  cat > "$TMP/nginx/nginx.conf" <<CONF
worker_processes $NGINX_WORKERS;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $TMP/nginx/tmp/body;
  proxy_temp_path       $TMP/nginx/tmp/proxy;
  fastcgi_temp_path     $TMP/nginx/tmp/fastcgi;
  uwsgi_temp_path       $TMP/nginx/tmp/uwsgi;
  scgi_temp_path        $TMP/nginx/tmp/scgi;
  keepalive_timeout 65s;
  keepalive_requests 1000000;
  server {
    listen $HOST:$BACKEND_PORT reuseport backlog=4096;
    location / {
      default_type text/plain;
      return 200 "ok\n";
    }
  }
}
CONF
  ensure_port_free "$BACKEND_PORT" BACKEND
  nginx -t -q -e "$TMP/nginx/logs/error.log" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" \
    || die "nginx config test failed"
  nginx -e "$TMP/nginx/logs/error.log" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -g 'daemon off;' \
    > "$TMP/nginx/logs/stdout.log" 2>&1 &
  BACKEND_PID=$!; CHILD_PIDS+=("$BACKEND_PID")
  wait_port "$BACKEND_PORT" "$BACKEND_PID" "$TMP/nginx/logs/error.log" nginx
  check_status "http://$HOST:$BACKEND_PORT/" 200
  log "nginx backend pid $BACKEND_PID on $HOST:$BACKEND_PORT ($NGINX_WORKERS worker(s))"
}

# JWT checks on /hs256/, /rs256/, /es256/ (HAProxy 2.5+ jwt_verify: signature, then exp as in its manual);
# other paths are proxied without any check. Empty when JWT_CASES=0.
haproxy_jwt_rules() {
  [ "$JWT_CASES" = 1 ] || return 0
  cat <<RULES
  acl jwt_path path_beg /hs256/ /rs256/ /es256/
  http-request set-var(txn.bearer) http_auth_bearer if jwt_path
  http-request deny deny_status 401 if { path_beg /hs256/ } !{ var(txn.bearer),jwt_verify("HS256","$(cat "$TMP/keys/hs256.secret")") -m int 1 }
  http-request deny deny_status 401 if { path_beg /rs256/ } !{ var(txn.bearer),jwt_verify("RS256","$TMP/keys/rs256.pub.pem") -m int 1 }
  http-request deny deny_status 401 if { path_beg /es256/ } !{ var(txn.bearer),jwt_verify("ES256","$TMP/keys/es256.pub.pem") -m int 1 }
  http-request set-var(txn.now) date() if jwt_path
  http-request set-var(txn.exp) var(txn.bearer),jwt_payload_query('$.exp','int') if jwt_path
  http-request deny deny_status 401 if jwt_path { var(txn.exp),sub(txn.now) -m int le 0 }
RULES
}

start_haproxy() {
  mkdir -p "$TMP/haproxy"
  cat > "$TMP/haproxy/haproxy.cfg" <<CONF
global
  nbthread 1
  maxconn 4096
  # no 'log' line: no logging

defaults
  mode http
  option http-keep-alive
  http-reuse always
  timeout connect 5s
  timeout client  60s
  timeout server  60s
  timeout http-keep-alive 60s

frontend bench
  bind $HOST:$HAPROXY_PORT
$(haproxy_jwt_rules)
  default_backend nginx

backend nginx
  server s1 $HOST:$BACKEND_PORT
CONF
  ensure_port_free "$HAPROXY_PORT" HAPROXY
  haproxy -c -q -f "$TMP/haproxy/haproxy.cfg" || die "haproxy config check failed"
  # -db: foreground, no daemon, no master-worker: one process to watch
  haproxy -db -f "$TMP/haproxy/haproxy.cfg" -p "$TMP/haproxy/haproxy.pid" > "$TMP/haproxy/haproxy.log" 2>&1 &
  HAPROXY_PID=$!; CHILD_PIDS+=("$HAPROXY_PID")
  wait_port "$HAPROXY_PORT" "$HAPROXY_PID" "$TMP/haproxy/haproxy.log" haproxy
  check_status "http://$HOST:$HAPROXY_PORT/" 200
  log "haproxy pid $HAPROXY_PID on $HOST:$HAPROXY_PORT (nbthread 1)"
}

# /<alg>/ uses the process's verified-token cache; /<alg>-nocache/ (tokenCache: false) verifies every request.
jwtgate_jwt_routers() {
  [ "$JWT_CASES" = 1 ] || return 0
  local alg
  for alg in hs256 rs256 es256; do
    printf '    %s:\n      rule: PathPrefix(`/%s/`)\n      service: backend\n      middlewares: [jwt-%s]\n' "$alg" "$alg" "$alg"
    printf '    %s-nocache:\n      rule: PathPrefix(`/%s-nocache/`)\n      service: backend\n      middlewares: [jwt-%s-nocache]\n' "$alg" "$alg" "$alg"
  done
}

jwtgate_jwt_middlewares() {
  [ "$JWT_CASES" = 1 ] || return 0
  local alg key cache
  echo "  middlewares:"
  for alg in hs256 rs256 es256; do
    if [ "$alg" = hs256 ]; then key="signingSecret: \"$(cat "$TMP/keys/hs256.secret")\""; else key="publicKey: \"file:$TMP/keys/$alg.pub.pem\""; fi
    for cache in "" -nocache; do
      printf '    jwt-%s%s:\n      plugin:\n        jwt:\n          %s\n' "$alg" "$cache" "$key"
      [ -z "$cache" ] || printf '          tokenCache: false\n'
    done
  done
}

# Keys and token files (TokenFile from the benchmarks jar), and the wrk script that sends a different
# token with every request (each wrk connection starts at a random line and walks the file).
build_bench_jar() {
  [ -z "${BENCH_JAR_BUILT:-}" ] || return 0
  log "building the benchmarks jar"
  ( cd "$ROOT" && . bin/jdk.sh && jwtgate_select_jdk && ./mvnw -q -pl jwtgate-expr,jwtgate-jwt,jwtgate-gateway,jwtgate-bench -DskipTests package ) \
    > "$TMP/bench-build.log" 2>&1 || { tail -n 40 "$TMP/bench-build.log" >&2; die "benchmarks jar build failed"; }
  BENCH_JAR_BUILT=1
}

make_jwt_material() {
  [ "$JWT_CASES" = 1 ] || return 0
  build_bench_jar
  log "generating $JWT_TOKENS tokens per algorithm"
  ( . "$ROOT/bin/jdk.sh" && jwtgate_select_jdk && \
    java -cp "$ROOT/jwtgate-bench/target/benchmarks.jar" io.jwtgate.bench.TokenFile "$TMP/keys" "$JWT_TOKENS" ) \
    > "$TMP/tokens.log" 2>&1 || { cat "$TMP/tokens.log" >&2; die "token generation failed"; }
  { cat <<'LUA'
local tokens = {}
init = function(args)
  for line in io.lines(os.getenv("JWT_TOKEN_FILE")) do tokens[#tokens + 1] = line end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  n = math.random(#tokens)
end
request = function()
  n = n % #tokens + 1
  return wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. tokens[n] })
end
LUA
    cat "$TMP/report.lua"; } > "$TMP/distinct.lua"
}

start_jwtgate() {
  mkdir -p "$TMP/jwtgate"
  cat > "$TMP/jwtgate/jwtgate.yml" <<CONF
entryPoints:
  web:
    address: "$HOST:$JWTGATE_PORT"
log:
  level: WARN
http:
  routers:
    bench:
      rule: PathPrefix(\`/\`)
      service: backend
$(jwtgate_jwt_routers)
  services:
    backend:
      loadBalancer:
        servers:
          - url: http://$HOST:$BACKEND_PORT
$(jwtgate_jwt_middlewares)
CONF
  ensure_port_free "$JWTGATE_PORT" JWTGATE
  # Build first (if stale) so that the build does not count against the startup timeout.
  log "checking the jwtgate build (builds when sources changed)"
  JWTGATE_VERSION=$("$ROOT/jwtgate" --version 2> "$TMP/jwtgate/build.log" | tail -n 1) || {
    tail -n 40 "$TMP/jwtgate/build.log" >&2; die "jwtgate build failed (./jwtgate --version)"; }
  JWTGATE_REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [ -n "$(git -C "$ROOT" status --porcelain -- . ':!jwtgate-bench' 2>/dev/null)" ]; then
    JWTGATE_REV="$JWTGATE_REV + uncommitted changes"
  fi
  # ./jwtgate execs java, so $! is the JVM's pid.
  "$ROOT/jwtgate" run --configFile="$TMP/jwtgate/jwtgate.yml" > "$TMP/jwtgate/jwtgate.log" 2>&1 &
  JWTGATE_PID=$!; CHILD_PIDS+=("$JWTGATE_PID")
  wait_port "$JWTGATE_PORT" "$JWTGATE_PID" "$TMP/jwtgate/jwtgate.log" jwtgate
  local comm; comm=$(cat "/proc/$JWTGATE_PID/comm" 2>/dev/null || true)
  [ "$comm" = java ] || die "jwtgate pid $JWTGATE_PID is '$comm', expected the java process"
  check_status "http://$HOST:$JWTGATE_PORT/" 200
  log "jwtgate pid $JWTGATE_PID on $HOST:$JWTGATE_PORT ($JWTGATE_VERSION)"
}

# ---------------------------------------------------------------------------------------------
# 3./4. Measurement
# ---------------------------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)

# PID plus its direct children (nginx master -> workers); no CONFIG_PROC_CHILDREN needed.
proc_tree() {
  local root=$1 f line rest
  echo "$root"
  for f in /proc/[0-9]*/stat; do
    { read -r line < "$f"; } 2>/dev/null || continue
    rest=${line##*) }                       # fields 3.. (comm may contain spaces)
    set -- $rest
    [ "$2" = "$root" ] && { f=${f#/proc/}; echo "${f%/stat}"; }
  done
  return 0
}

# CPU ticks (utime+stime, all threads) summed over the given pids
cpu_ticks() {
  local total=0 p line rest
  for p in "$@"; do
    { read -r line < "/proc/$p/stat"; } 2>/dev/null || continue
    rest=${line##*) }
    set -- $rest                             # $12 = utime (field 14), $13 = stime (field 15)
    total=$((total + ${12} + ${13}))
  done
  echo "$total"
}

# Peak RSS in KiB (VmHWM) summed over the given pids
rss_hwm_kib() {
  local total=0 p v
  for p in "$@"; do
    v=$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status" 2>/dev/null || true)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

write_wrk_lua() {
  cat > "$TMP/report.lua" <<'LUA'
-- prints one machine-readable line; latency values are in microseconds
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKRESULT requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
LUA
}

# run_wrk DURATION OUTFILE URL [extra wrk args...]; wrk's own CPU seconds (user sys) go to OUTFILE.time
run_wrk() {
  local duration=$1 out=$2 url=$3; shift 3
  local TIMEFORMAT='%3U %3S'
  { time wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$duration" --timeout 5s -s "$TMP/report.lua" "$@" "$url" \
      > "$out" 2>&1 ; } 2> "$out.time" || { cat "$out" >&2; die "wrk failed against $url"; }
}

# Busy CPU ticks of the whole machine (user+nice+system; irq/softirq/idle/iowait excluded)
system_busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4; exit }' /proc/stat; }

field() { sed -n "s/.*[ ]$2=\([0-9]*\).*/\1/p" "$1" | tail -n 1; }

ROWS=()
NOTES=()

# measure NAME PID_TO_WATCH URL [extra wrk args, e.g. -H "Authorization: Bearer ..."]
#   PID_TO_WATCH: the proxy process; its direct children are included (nginx workers).
#   Env MEASURE_EXPECT_STATUS (default 200): status the pre-check curl must get.
measure() {
  local name=$1 pid=$2 url=$3; shift 3
  local curl_args=() a prev=""
  for a in "$@"; do                       # pass wrk's -H headers on to the curl check
    if [ "$prev" = -H ] || [ "$prev" = --header ]; then curl_args+=(-H "$a"); fi
    prev=$a
  done
  kill -0 "$pid" 2>/dev/null || { exit_info "$pid"; die "$name: process $pid is not running ($EXIT_INFO)"; }
  check_status "$url" "${MEASURE_EXPECT_STATUS:-200}" "${curl_args[@]}"
  local slug=${name//[^A-Za-z0-9_.-]/_}

  local pids; mapfile -t pids < <(proc_tree "$pid")
  local others=()                          # the backend, when it is not the watched process
  [ "$pid" = "$BACKEND_PID" ] || mapfile -t others < <(proc_tree "$BACKEND_PID")
  local f="$TMP/wrk-$slug.txt" attempt=0 t0 t1 o0 o1 s0 s1 req dur p50 p99 errs status_err bg_pct
  while :; do
    attempt=$((attempt + 1))
    log "$name: warm-up $WARMUP_DURATION"
    run_wrk "$WARMUP_DURATION" "$TMP/wrk-$slug-warmup.txt" "$url" "$@"

    log "$name: measuring $WRK_DURATION (-t$WRK_THREADS -c$WRK_CONNECTIONS), watching pids ${pids[*]}"
    s0=$(system_busy_ticks); o0=$(cpu_ticks "${others[@]}"); t0=$(cpu_ticks "${pids[@]}")
    run_wrk "$WRK_DURATION" "$f" "$url" "$@"
    t1=$(cpu_ticks "${pids[@]}"); o1=$(cpu_ticks "${others[@]}"); s1=$(system_busy_ticks)
    kill -0 "$pid" 2>/dev/null || { exit_info "$pid"; die "$name: process $pid died during the run ($EXIT_INFO)"; }

    grep -q '^WRKRESULT' "$f" || { cat "$f" >&2; die "$name: no result line from wrk"; }
    req=$(field "$f" requests); dur=$(field "$f" duration_us)
    p50=$(field "$f" p50_us); p99=$(field "$f" p99_us)
    errs=$(( $(field "$f" connect) + $(field "$f" read) + $(field "$f" write) + $(field "$f" timeout) ))
    status_err=$(field "$f" status)
    [ "$req" -gt 0 ] || die "$name: wrk completed no requests"

    # CPU used by anything else than wrk, the proxy and the backend during the run (other jobs
    # on the machine distort the result; loopback softirq time is excluded from both sides).
    bg_pct=$(awk -v s="$((s1 - s0))" -v p="$((t1 - t0))" -v o="$((o1 - o0))" -v hz="$CLK_TCK" -v d="$dur" \
        '{ w = ($1 + $2) * hz } END { b = (s - p - o - w) / hz / (d / 1e6) * 100; printf "%.0f", (b < 0 ? 0 : b) }' \
        "$f.time")
    if [ "$bg_pct" -lt "$BACKGROUND_WARN_PCT" ]; then break; fi
    if [ "$attempt" -gt "$MEASURE_RETRIES" ]; then
      NOTES+=("$name: other processes used ~${bg_pct}% of a core during the run (results disturbed)")
      log "WARNING: other processes used ~${bg_pct}% of a core during the $name run; keeping it"
      break
    fi
    log "other processes used ~${bg_pct}% of a core during the $name run; measuring again"
    check_quiet nonote
  done
  if [ "$errs" -gt 0 ] || [ "$status_err" -gt 0 ]; then
    NOTES+=("$name: $errs socket errors, $status_err non-2xx/3xx responses (see $f)")
  fi
  local rss; rss=$(rss_hwm_kib "${pids[@]}")
  ROWS+=("$(awk -v n="$name" -v r="$req" -v d="$dur" -v p50="$p50" -v p99="$p99" \
              -v ticks="$((t1 - t0))" -v hz="$CLK_TCK" -v rss="$rss" 'BEGIN {
      printf "| %s | %.0f | %.3f ms | %.3f ms | %.1f | %.0f MiB |", n, r / (d / 1e6), p50 / 1000, p99 / 1000,
             ticks * 1e6 / hz / r, rss / 1024 }')")
  log "${ROWS[-1]}"
}

# Percent of one core used by other processes than ours, sampled over 2 s with no load running.
idle_busy_pct() {
  local ours=() p s0 s1 o0 o1
  for p in "${CHILD_PIDS[@]}"; do mapfile -t -O "${#ours[@]}" ours < <(proc_tree "$p"); done
  s0=$(system_busy_ticks); o0=$(cpu_ticks "${ours[@]}")
  sleep 2
  s1=$(system_busy_ticks); o1=$(cpu_ticks "${ours[@]}")
  local b=$(( ((s1 - s0) - (o1 - o0)) * 100 / CLK_TCK / 2 ))
  echo $(( b < 0 ? 0 : b ))
}

# Other jobs on a 2-core machine distort everything: wait up to WAIT_FOR_IDLE seconds for the
# machine to be quiet, then warn if it still is not.
check_quiet() {
  local deadline=$((SECONDS + WAIT_FOR_IDLE)) busy
  while :; do
    busy=$(idle_busy_pct)
    if [ "$busy" -lt "$BACKGROUND_WARN_PCT" ]; then log "machine is quiet (${busy}% of a core used by others)"; return 0; fi
    if [ "$SECONDS" -ge "$deadline" ]; then break; fi
    log "machine busy (${busy}% of a core used by other processes), waiting..."
  done
  log "WARNING: ${busy}% of a core is used by other processes; results will be disturbed"
  [ "${1:-}" = nonote ] || NOTES+=("before measuring, other processes used ~${busy}% of a core")
}

# ---------------------------------------------------------------------------------------------
# 5. Output
# ---------------------------------------------------------------------------------------------
print_results() {
  local lf n
  for lf in "$TMP/nginx/logs/error.log" "$TMP/haproxy/haproxy.log" "$TMP/jwtgate/jwtgate.log" "$TMP"/scale-*/jwtgate.log; do
    n=$(grep -cE 'ERROR|ALERT|\[(error|crit|alert|emerg)\]|Exception' "$lf" 2>/dev/null || true)
    if [ "${n:-0}" -gt 0 ]; then
      NOTES+=("${lf#"$TMP"/}: $n error lines during the benchmark (log kept in $TMP)"); KEEP_TMP=1
      log "$lf has $n error lines; first ones:"; grep -m5 -E 'ERROR|ALERT|\[(error|crit|alert|emerg)\]|Exception' "$lf" >&2 || true
    fi
  done
  {
    echo "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION (after a $WARMUP_DURATION warm-up), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)," \
      "$JWTGATE_VERSION, commit $JWTGATE_REV"
    echo
    echo "| target | req/s | p50 | p99 | CPU µs/req | RSS |"
    echo "|---|---:|---:|---:|---:|---:|"
    printf '%s\n' "${ROWS[@]}"
    echo
    if [ "${#NOTES[@]}" -eq 0 ]; then echo "No wrk errors, no errors in the server logs, no significant CPU use by other processes."
    else printf -- '- %s\n' "${NOTES[@]}"; fi
  } > "$TMP/results.md"
  cat "$TMP/results.md"
  if [ -n "$RESULTS_FILE" ]; then cp "$TMP/results.md" "$RESULTS_FILE"; log "results written to $RESULTS_FILE"; fi
}

# HAProxy: HS256/RS256/ES256, distinct tokens (HAProxy has no cache: repeated tokens cost the same).
# jwtgate: the same three, distinct tokens on the cache-less middleware (every request verified) and one
# repeated token on the cached one. MEASURE_EXPECT_STATUS stays 200: a misconfigured check fails loudly.
measure_jwt() {
  local alg first upper tampered
  for alg in $JWT_ALGS; do
    upper=${alg^^}; first=$(head -n 1 "$TMP/keys/$alg.tokens")
    tampered=${first/.eyJ/.fyJ}            # payload changed: the signature no longer matches
    export JWT_TOKEN_FILE="$TMP/keys/$alg.tokens"
    check_status "http://$HOST:$HAPROXY_PORT/$alg/" 401 -H "Authorization: Bearer $tampered"
    measure "HAProxy jwt_verify $upper, distinct tokens" "$HAPROXY_PID" "http://$HOST:$HAPROXY_PORT/$alg/" \
      -H "Authorization: Bearer $first" -s "$TMP/distinct.lua"
    check_status "http://$HOST:$JWTGATE_PORT/$alg/" 401 -H "Authorization: Bearer $tampered"
    measure "jwtgate JWT $upper, distinct tokens (no cache)" "$JWTGATE_PID" "http://$HOST:$JWTGATE_PORT/$alg-nocache/" \
      -H "Authorization: Bearer $first" -s "$TMP/distinct.lua"
    measure "jwtgate JWT $upper, repeated token (cache)" "$JWTGATE_PID" "http://$HOST:$JWTGATE_PORT/$alg/" \
      -H "Authorization: Bearer $first"
  done
}

# p99 added by the JWT middleware at half of the gateway's saturated RS256 rate: the same paced load
# (wrk's delay() hook: every connection waits WRK_CONNECTIONS/rate s between requests) without JWT
# and with RS256 distinct tokens (no cache); the difference of the two p99 is the figure.
measure_half_rate() {
  local f="$TMP/wrk-jwtgate_JWT_RS256__distinct_tokens__no_cache_.txt" req dur rate delay_ms
  [ -f "$f" ] || { log "no RS256 saturated run to pace from"; return 0; }
  req=$(field "$f" requests); dur=$(field "$f" duration_us)
  rate=$(( req * 1000000 / dur / 2 ))
  [ "$rate" -gt 0 ] || return 0
  delay_ms=$(( WRK_CONNECTIONS * 1000 / rate ))
  printf 'delay = function() return %d end\n' "$delay_ms" > "$TMP/pace.lua"
  cat "$TMP/pace.lua" "$TMP/report.lua" > "$TMP/paced-plain.lua"
  cat "$TMP/pace.lua" "$TMP/distinct.lua" > "$TMP/paced-distinct.lua"
  export JWT_TOKEN_FILE="$TMP/keys/rs256.tokens"
  measure "jwtgate → nginx, paced ~$rate req/s" "$JWTGATE_PID" "http://$HOST:$JWTGATE_PORT/" -s "$TMP/paced-plain.lua"
  measure "jwtgate JWT RS256 distinct (no cache), paced ~$rate req/s" "$JWTGATE_PID" "http://$HOST:$JWTGATE_PORT/rs256-nocache/" \
    -H "Authorization: Bearer $(head -n 1 "$TMP/keys/rs256.tokens")" -s "$TMP/paced-distinct.lua"
}

# Current RSS (VmRSS, KiB) of one process
rss_now_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# SOAK_DURATION of RS256 distinct tokens through jwtgate (cache-less middleware), RSS every 30 s.
soak() {
  local f="$TMP/wrk-soak.txt" start end samples=() wrk_pid
  export JWT_TOKEN_FILE="$TMP/keys/rs256.tokens"
  start=$(rss_now_kib "$JWTGATE_PID")
  log "soak: $SOAK_DURATION of RS256 distinct tokens through jwtgate, RSS now $((start / 1024)) MiB"
  wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$SOAK_DURATION" --timeout 5s -s "$TMP/distinct.lua" \
    "http://$HOST:$JWTGATE_PORT/rs256-nocache/" > "$f" 2>&1 &
  wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null; do
    sleep 30
    samples+=("$(( $(rss_now_kib "$JWTGATE_PID") / 1024 ))")
    log "soak: RSS ${samples[-1]} MiB"
  done
  wait "$wrk_pid" || die "soak wrk failed"
  end=$(rss_now_kib "$JWTGATE_PID")
  NOTES+=("soak $SOAK_DURATION, jwtgate RS256 distinct tokens: $(field "$f" requests) requests, p99 $(( $(field "$f" p99_us) / 1000 )) ms, RSS $((start / 1024)) MiB at start, $((end / 1024)) MiB at the end; every 30 s: ${samples[*]} MiB")
}

# The CPU µs/request column of the row called NAME (the last row when NAME is empty).
row_cpu() {
  local name=${1:-} row
  for row in "${ROWS[@]}"; do
    if [ -z "$name" ] || [ "$(printf '%s\n' "$row" | awk -F'|' '{ gsub(/^ +| +$/, "", $2); print $2 }')" = "$name" ]; then
      printf '%s\n' "$row" | awk -F'|' '{ gsub(/ /, "", $6); print $6 }'
    fi
  done | tail -n 1
}

# Routing at scale (issue 18): for each N, a jwtgate whose configuration is N routers
# Host(`tenant<i>.example.com`) to nginx, measured with every request naming a random tenant (the
# Lua request() hook sets Host), then stopped. The note gives the CPU per request of the largest N
# over the smallest (target: <= 1.15).
measure_routing_scale() {
  local n dir pid first_cpu="" first_n="" cpu
  for n in $ROUTING_SCALE_ROUTERS; do
    dir="$TMP/scale-$n"; mkdir -p "$dir"
    { cat <<CONF
entryPoints:
  web:
    address: "$HOST:$SCALE_PORT"
log:
  level: WARN
http:
  services:
    backend:
      loadBalancer:
        servers:
          - url: http://$HOST:$BACKEND_PORT
  routers:
CONF
      awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "    tenant%d:\n      rule: Host(`tenant%d.example.com`)\n      service: backend\n", i, i }'
    } > "$dir/jwtgate.yml"
    { printf 'local n = %d\n' "$n"
      cat <<'LUA'
init = function(args) math.randomseed(os.time() + math.floor(os.clock() * 1e6)) end
request = function()
  return wrk.format(nil, nil, { ["Host"] = "tenant" .. math.random(0, n - 1) .. ".example.com" })
end
LUA
      cat "$TMP/report.lua"; } > "$dir/hosts.lua"
    ensure_port_free "$SCALE_PORT" SCALE
    "$ROOT/jwtgate" run --configFile="$dir/jwtgate.yml" > "$dir/jwtgate.log" 2>&1 &
    pid=$!; CHILD_PIDS+=("$pid")
    wait_port "$SCALE_PORT" "$pid" "$dir/jwtgate.log" "jwtgate ($n routers)"
    check_status "http://$HOST:$SCALE_PORT/" 404 -H "Host: nobody.example.com"
    measure "jwtgate → nginx, $n Host routers (random tenant)" "$pid" "http://$HOST:$SCALE_PORT/" \
      -H "Host: tenant$((n - 1)).example.com" -s "$dir/hosts.lua"
    cpu=$(row_cpu)
    if [ -z "$first_cpu" ]; then first_cpu=$cpu; first_n=$n
    else NOTES+=("routing scale: CPU per request with $n Host routers / with $first_n: $(awk -v a="$cpu" -v b="$first_cpu" 'BEGIN { printf "%.2f", a / b }') (target <= 1.15)"); fi
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    wait "$pid" 2>/dev/null || true
  done
}

# The floors (FLOOR=1): the cheapest HTTP/1.1 proxies the JVM can run here, with the shipped JVM defaults and one
# event loop per core as jwtgate: NettyFloorProxy (Netty's codecs on both sides, decoded objects written across, one
# backend connection per client connection) and VertxFloorProxy (Vert.x's server and pooled client, heads copied,
# bodies piped). jwtgate's row minus the Netty floor is what jwtgate's own layers cost; docs/benchmarks.md.
measure_floors() {
  local class dir pid
  build_bench_jar
  for class in NettyFloorProxy VertxFloorProxy; do
    dir="$TMP/$class"; mkdir -p "$dir"
    ensure_port_free "$FLOOR_PORT" FLOOR
    ( . "$ROOT/bin/jdk.sh" && . "$ROOT/bin/jvm.sh" && jwtgate_select_jdk && mapfile -t opts < <(jwtgate_jvm_defaults) && \
      exec java "${opts[@]}" --enable-native-access=ALL-UNNAMED -cp "$ROOT/jwtgate-bench/target/benchmarks.jar" \
        "io.jwtgate.bench.$class" "$FLOOR_PORT" "$BACKEND_PORT" ) > "$dir/out.log" 2>&1 &
    pid=$!; CHILD_PIDS+=("$pid")
    wait_port "$FLOOR_PORT" "$pid" "$dir/out.log" "$class"
    measure "$class → nginx (floor)" "$pid" "http://$HOST:$FLOOR_PORT/"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    wait "$pid" 2>/dev/null || true
  done
}

# The plain rows again with one more header of HEADER_BYTES characters, which both proxies forward: what a request's
# header bytes cost each of them (a bearer token is 600-odd bytes; docs/benchmarks.md "Header bytes").
measure_header_bytes() {
  local pad; pad=$(head -c "$HEADER_BYTES" /dev/zero | tr '\0' 'a')
  local name proxy pid port plain padded
  for proxy in HAProxy jwtgate; do
    if [ "$proxy" = HAProxy ]; then pid=$HAPROXY_PID port=$HAPROXY_PORT; else pid=$JWTGATE_PID port=$JWTGATE_PORT; fi
    name="$proxy → nginx, $HEADER_BYTES-byte header"
    measure "$name" "$pid" "http://$HOST:$port/" -H "X-Bench-Padding: $pad"
    plain=$(row_cpu "$proxy → nginx"); padded=$(row_cpu)
    NOTES+=("header bytes, $proxy: $(awk -v a="$padded" -v b="$plain" -v n="$HEADER_BYTES" 'BEGIN { printf "%.1f", (a - b) * 1000 / n }') ns of CPU per extra header byte ($plain -> $padded µs/request)")
  done
}

# ---------------------------------------------------------------------------------------------
main() {
  ensure_tools
  TMP=$(mktemp -d "${TMPDIR:-/tmp}/jwtgate-load.XXXXXX")
  write_wrk_lua
  make_jwt_material
  start_backend
  start_haproxy
  start_jwtgate
  check_quiet

  measure "nginx direct" "$BACKEND_PID" "http://$HOST:$BACKEND_PORT/"
  measure "HAProxy → nginx" "$HAPROXY_PID" "http://$HOST:$HAPROXY_PORT/"
  measure "jwtgate → nginx" "$JWTGATE_PID" "http://$HOST:$JWTGATE_PORT/"
  if [ "$FLOOR" = 1 ]; then measure_floors; fi
  if [ "$HEADER_BYTES" != 0 ]; then measure_header_bytes; fi
  if [ "$JWT_CASES" = 1 ]; then measure_jwt; fi
  if [ "$JWT_CASES" = 1 ] && [ "$HALF_RATE" = 1 ]; then measure_half_rate; fi
  if [ "$ROUTING_SCALE" = 1 ]; then measure_routing_scale; fi
  if [ "$SOAK_DURATION" != 0 ]; then soak; fi

  print_results
}

main "$@"
