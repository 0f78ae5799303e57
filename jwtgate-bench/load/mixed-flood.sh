#!/usr/bin/env bash
# Mixed flood: valid and malicious JWT requests interleaved against one jwtgate, bounded in time.
#
#   jwtgate-bench/load/mixed-flood.sh            # 60 s, 64 connections, 1 valid request in 3
#   DURATION=20s CONNECTIONS=32 jwtgate-bench/load/mixed-flood.sh
#
# The gateway (./jwtgate run, its in-process demo backend) listens on 127.0.0.1 only. wrk rotates
# through a request list: valid HS256 tokens, and malicious ones (alg none, bad signature, expired,
# crit, duplicate alg, JSON bomb, jku pointing at a URL nobody serves, 20 KiB token, garbage, a
# 64 KiB header). Reported: valid requests sent and answered 200 (success rate), malicious requests
# answered 200 (must be 0), 5xx and socket errors, and the gateway's peak RSS (VmHWM). Notes: README.md.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DURATION="${DURATION:-60s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
PORT="${PORT:-18480}"
BACKEND_PORT="${BACKEND_PORT:-18481}"
SECRET="mixed-flood-secret-of-at-least-32-bytes"
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }
TMP="$(mktemp -d /tmp/jwtgate-flood.XXXXXX)"
GW_PID=""
cleanup() { [ -n "$GW_PID" ] && kill "$GW_PID" 2>/dev/null && wait "$GW_PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

b64() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
hs256() { # header payload [secret]
  local input; input="$(printf '%s' "$1" | b64).$(printf '%s' "$2" | b64)"
  printf '%s.%s' "$input" "$(printf '%s' "$input" | openssl dgst -sha256 -hmac "${3:-$SECRET}" -binary | b64)"
}
NOW=$(date +%s)
HS='{"alg":"HS256","typ":"JWT"}'
VALID=(); for i in $(seq 1 20); do VALID+=("$(hs256 "$HS" "{\"sub\":\"user-$i\",\"exp\":$((NOW + 3600))}")"); done
NESTED="$(printf '[%.0s' $(seq 1 200))$(printf ']%.0s' $(seq 1 200))"
BAD=(
  "$(printf '%s' '{"alg":"none"}' | b64).$(printf '%s' '{"sub":"admin"}' | b64)."
  "$(hs256 "$HS" '{"sub":"admin"}' wrong-secret-wrong-secret-wrong-secret)"
  "$(hs256 "$HS" '{"sub":"x","exp":1}')"
  "$(hs256 '{"alg":"HS256","crit":["x-custom"],"x-custom":1}' '{"sub":"x"}')"
  "$(hs256 '{"alg":"HS256","alg":"none"}' '{"sub":"x"}')"
  "$(hs256 "$HS" "{\"a\":$NESTED}")"
  "$(hs256 '{"alg":"HS256","jku":"http://127.0.0.1:9/jwks.json"}' '{"sub":"x"}')"
  "$(hs256 "$HS" "{\"pad\":\"$(head -c 15000 /dev/zero | tr '\0' x)\"}")"
  "not-a-token"
)
{
  echo "valid = {"; for t in "${VALID[@]}"; do echo "  \"$t\","; done; echo "}"
  echo "bad = {"; for t in "${BAD[@]}"; do echo "  \"$t\","; done; echo "}"
  echo "huge = \"$(head -c 65536 /dev/zero | tr '\0' h)\""
  cat <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) n = 0; valid_sent = 0; bad_ok = 0; ok = 0; s5xx = 0; other = 0 end
function request()
  n = n + 1
  if n % 3 == 0 then
    valid_sent = valid_sent + 1
    return wrk.format("GET", "/api/valid", {["Authorization"] = "Bearer " .. valid[(n % #valid) + 1]})
  elseif n % 41 == 1 then
    return wrk.format("GET", "/api/bad", {["X-Huge"] = huge})
  else
    return wrk.format("GET", "/api/bad", {["Authorization"] = "Bearer " .. bad[(n % #bad) + 1]})
  end
end
function response(status, headers, body)
  if status == 200 then ok = ok + 1 elseif status >= 500 then s5xx = s5xx + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local sent, got200, fivexx, refused = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    sent = sent + t:get("valid_sent"); got200 = got200 + t:get("ok")
    fivexx = fivexx + t:get("s5xx"); refused = refused + t:get("other")
  end
  local e = summary.errors
  io.write(string.format("FLOOD total=%d valid_sent=%d ok_200=%d refused_4xx=%d status_5xx=%d socket_errors=%d p99_ms=%.1f\n",
    summary.requests, sent, got200, refused, fivexx, e.connect + e.read + e.write + e.timeout, latency:percentile(99) / 1000))
end
LUA
} > "$TMP/flood.lua"

cat > "$TMP/jwtgate.yml" <<CONF
entryPoints:
  web:
    address: "127.0.0.1:$PORT"
    http: {maxHeaderBytes: 32768}
demoBackend:
  address: "127.0.0.1:$BACKEND_PORT"
http:
  middlewares:
    jwt: {plugin: {jwt: {signingSecret: "$SECRET", forwardHeaders: {X-User: sub}}}}
  routers:
    api: {rule: PathPrefix(\`/api\`), service: whoami, middlewares: [jwt]}
  services:
    whoami: {loadBalancer: {servers: [{url: "http://127.0.0.1:$BACKEND_PORT"}]}}
CONF
"$ROOT/jwtgate" --version >/dev/null 2>"$TMP/build.log" || { tail -n 30 "$TMP/build.log" >&2; exit 1; }
"$ROOT/jwtgate" run --configFile="$TMP/jwtgate.yml" > "$TMP/jwtgate.log" 2>&1 &
GW_PID=$!
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.5; done
curl -s -o /dev/null -w 'probe: valid token -> %{http_code}\n' -H "Authorization: Bearer ${VALID[0]}" "http://127.0.0.1:$PORT/api/x"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s -s "$TMP/flood.lua" "http://127.0.0.1:$PORT" | tee "$TMP/wrk.out"
line=$(grep '^FLOOD' "$TMP/wrk.out")
sent=$(sed -E 's/.*valid_sent=([0-9]+).*/\1/' <<<"$line"); ok=$(sed -E 's/.*ok_200=([0-9]+).*/\1/' <<<"$line")
hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$GW_PID/status")
awk -v s="$sent" -v o="$ok" 'BEGIN { printf "valid success rate: %.2f%% (%d of %d); malicious answered 200: %d\n", (s ? 100*o/s : 0), o, s, (o > s ? o - s : 0) }'
echo "gateway peak RSS (VmHWM): $((hwm / 1024)) MiB"
grep -E ' ERROR ' "$TMP/jwtgate.log" | head -5 || true
