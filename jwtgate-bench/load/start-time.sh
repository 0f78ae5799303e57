#!/usr/bin/env bash
# Process start to first proxied response (issue 18's start target), through each checkout's own ./jwtgate with its class cache.
#   jwtgate-bench/load/start-time.sh [ROUNDS] [CHECKOUT...]     # default: 5 rounds of this checkout
# Several checkouts alternate round by round (A/B on a noisy machine). Each checkout is first started once and left
# running long enough to build and train its class cache, so no measured start pays for that. Prints, per start,
# the checkout, the milliseconds from exec to the first 200 from the quick start's open route, and the CPU
# milliseconds the process had used by then; then the median of each checkout.
set -euo pipefail
ROUNDS="${1:-5}"
shift || true
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CHECKOUTS=("$@")
[ "${#CHECKOUTS[@]}" -gt 0 ] || CHECKOUTS=("$ROOT")
CONFIG=examples/quickstart/jwtgate.yml
URL=http://127.0.0.1:8080/whoami
if curl -s -o /dev/null "$URL"; then
  echo "start-time: something already answers on $URL; stop it first" >&2
  exit 1
fi

wait_for_answer() { # pid, seconds
  local deadline=$((SECONDS + $2))
  until curl -s -o /dev/null -f "$URL"; do
    kill -0 "$1" 2>/dev/null || { echo "start-time: the gateway exited before answering" >&2; return 1; }
    [ "$SECONDS" -lt "$deadline" ] || { echo "start-time: no answer within $2 s" >&2; return 1; }
    sleep 0.01
  done
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

for dir in "${CHECKOUTS[@]}"; do
  (cd "$dir" && exec ./jwtgate run --configFile="$CONFIG" > /tmp/start-time-prepare.log 2>&1) &
  pid=$!
  wait_for_answer "$pid" 600 || { tail -n 20 /tmp/start-time-prepare.log >&2; stop "$pid"; exit 1; }
  stop "$pid"
done

results=$(mktemp)
for round in $(seq "$ROUNDS"); do
  for dir in "${CHECKOUTS[@]}"; do
    t0=$(date +%s%N)
    (cd "$dir" && exec ./jwtgate run --configFile="$CONFIG" > /tmp/start-time.log 2>&1) &
    pid=$!
    wait_for_answer "$pid" 60 || { tail -n 20 /tmp/start-time.log >&2; stop "$pid"; exit 1; }
    t1=$(date +%s%N)
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$pid/stat")
    stop "$pid"
    echo "round $round $dir $(( (t1 - t0) / 1000000 )) ms, cpu $cpu ms" | tee -a "$results"
  done
done
for dir in "${CHECKOUTS[@]}"; do
  awk -v d="$dir" '$3 == d { print $4 }' "$results" | sort -n | awk -v d="$dir" '{ v[NR] = $1 } END { printf "median %s %d ms (%d starts)\n", d, (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), NR }'
done
rm -f "$results"
