#!/usr/bin/env bash
# The verification-engine targets of issue 7, side by side in one run: OpenSSL's verify rate and jwtgate's,
# both per CPU-second of the measuring thread, measured in the same minutes (OpenSSL just before and just
# after each Java case of the same algorithm), each Java case in a fresh JVM (a JVM that ran other providers first has megamorphic
# call sites and measures 10-30 % lower).
#   jwtgate-bench/engine/run-engine.sh                 # table on stdout
#   ROUNDS=5 REPEATS=5 jwtgate-bench/engine/run-engine.sh out.md # also write it to out.md
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS="${ROUNDS:-5}"
OUT_FILE="${1:-}"
cd "$ROOT"
# shellcheck source=../../bin/jdk.sh
. "$ROOT/bin/jdk.sh"
jwtgate_select_jdk
JAR="$ROOT/jwtgate-bench/target/benchmarks.jar"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -B -ntp -pl jwtgate-expr,jwtgate-jwt,jwtgate-gateway,jwtgate-bench -am -DskipTests package >&2
fi
command -v openssl >/dev/null || { echo "openssl is needed for the reference figures (apt-get install openssl)" >&2; exit 1; }

# verify/s of one openssl speed algorithm (openssl divides by CPU user time unless -elapsed is given)
openssl_verify() {
  openssl speed -seconds "${OPENSSL_SECONDS:-2}" "$1" 2>/dev/null | awk -v pat="$2" '$0 ~ pat { print $NF }' | tail -1
}
# ops per CPU-second of one CpuRate case, median of ROUNDS, fresh JVM
java_rate() {
  java -Xms1g -Xmx1g -XX:+AlwaysPreTouch --enable-native-access=ALL-UNNAMED -cp "$JAR" io.jwtgate.bench.CpuRate "$ROUNDS" "$1" 2>/dev/null \
    | awk -v c="$1" 'index($0, c) == 1 { print $(NF - 1) }' | tail -1
}

declare -A J R O
REPEATS="${REPEATS:-3}"
# OpenSSL, then alternately jwtgate and OpenSSL on the same algorithm, REPEATS times: each jwtgate figure is
# compared with the mean of the OpenSSL runs just before and just after it, and the median ratio is kept.
# On a shared host (VM steal time moves every figure by 20-30 % within a minute) both drift together.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
bracketed() { # case, openssl algorithm, pattern of its line
  local prev next j ratios=() js=() os=() k
  prev=$(openssl_verify "$2" "$3"); os+=("$prev")
  for ((k = 1; k <= REPEATS; k++)); do
    j=$(java_rate "$1"); next=$(openssl_verify "$2" "$3")
    js+=("$j"); os+=("$next")
    ratios+=("$(awk -v a="$j" -v b="$prev" -v c="$next" 'BEGIN { printf "%.3f", a / ((b + c) / 2) }')")
    prev=$next
  done
  J[$1]=$(median "${js[@]}"); O[$1]="$(median "${os[@]}") ($(printf '%s\n' "${os[@]}" | sort -g | head -1 | cut -d. -f1)..$(printf '%s\n' "${os[@]}" | sort -g | tail -1 | cut -d. -f1))"
  R[$1]=$(median "${ratios[@]}")
}
echo "measuring RS256..." >&2; bracketed "verify RS256 accp" rsa2048 '^rsa 2048'
echo "measuring ES256..." >&2; bracketed "verify ES256 accp" ecdsap256 'nistp256'
echo "measuring Ed25519..." >&2; bracketed "verify EdDSA accp" ed25519 'Ed25519'
# The other cases: REPEATS fresh JVMs each, median (and spread, which shows how noisy the host was).
for c in "verify EdDSA bouncycastle" "parse+verify+time HS256" "authenticate HS256 cache=off" "authenticate HS256 cache=on" \
         "parse+verify+time RS256" "parse+verify+time ES256" "parse+verify+time EdDSA"; do
  echo "measuring $c..." >&2
  runs=()
  for ((k = 1; k <= REPEATS; k++)); do runs+=("$(java_rate "$c")"); done
  J[$c]=$(median "${runs[@]}")
  O[$c]="$(printf '%s\n' "${runs[@]}" | sort -g | head -1)..$(printf '%s\n' "${runs[@]}" | sort -g | tail -1)"
done

verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r >= t ? "met" : "missed") }'; }
{
  echo "Verification engine, single thread, ops per CPU-second ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores,"
  echo "$(java -version 2>&1 | head -1), $(openssl version | cut -d' ' -f1-2), commit $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes'))"
  echo
  echo "| target | jwtgate (median) | OpenSSL (median, min..max) | median ratio | verdict |"
  echo "|---|---:|---:|---:|---|"
  echo "| RS256 verify ≥ 0.9 × OpenSSL | ${J[verify RS256 accp]} | ${O[verify RS256 accp]} | ${R[verify RS256 accp]} | $(verdict "${R[verify RS256 accp]}" 0.9) |"
  echo "| ES256 verify ≥ 0.9 × OpenSSL | ${J[verify ES256 accp]} | ${O[verify ES256 accp]} | ${R[verify ES256 accp]} | $(verdict "${R[verify ES256 accp]}" 0.9) |"
  echo "| Ed25519 verify ≥ 1.0 × OpenSSL | ${J[verify EdDSA accp]} (BouncyCastle: ${J[verify EdDSA bouncycastle]}) | ${O[verify EdDSA accp]} | ${R[verify EdDSA accp]} | $(verdict "${R[verify EdDSA accp]}" 1.0) |"
  hs=${J[parse+verify+time HS256]}
  echo "| HS256 parse + verify + time claims ≥ 1 M/s | $hs (${O[parse+verify+time HS256]}) | – | $(awk -v a="$hs" 'BEGIN { printf "%.2f", a / 1e6 }') × 1 M | $(verdict "$hs" 1000000) |"
  echo
  echo "| case | ops per CPU-second (median of $REPEATS JVMs) | min..max |"
  echo "|---|---:|---:|"
  for c in "authenticate HS256 cache=off" "authenticate HS256 cache=on" "parse+verify+time RS256" "parse+verify+time ES256" "parse+verify+time EdDSA"; do
    echo "| $c | ${J[$c]} | ${O[$c]} |"
  done
} | tee "${OUT_FILE:-/dev/null}"
