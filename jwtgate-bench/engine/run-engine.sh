#!/usr/bin/env bash
# The verification-engine targets of issue 7, side by side in one run: OpenSSL's verify rate and jwtgate's,
# both per CPU-second of the measuring thread, measured in the same minutes (interleaved: OpenSSL before and
# after the Java cases), each Java case in a fresh JVM (a JVM that ran other providers first has megamorphic
# call sites and measures 10-30 % lower).
#   jwtgate-bench/engine/run-engine.sh                 # table on stdout
#   ROUNDS=5 jwtgate-bench/engine/run-engine.sh out.md # also write it to out.md
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
  ./mvnw -q -B -ntp -pl jwtgate-expr,jwtgate-jwt,jwtgate-bench -am -DskipTests package >&2
fi
command -v openssl >/dev/null || { echo "openssl is needed for the reference figures (apt-get install openssl)" >&2; exit 1; }

# verify/s of one openssl speed algorithm (openssl divides by CPU user time unless -elapsed is given)
openssl_verify() {
  openssl speed -seconds 3 "$1" 2>/dev/null | awk -v pat="$2" '$0 ~ pat { print $NF }' | tail -1
}
# ops per CPU-second of one CpuRate case, median of ROUNDS, fresh JVM
java_rate() {
  java -Xms1g -Xmx1g -XX:+AlwaysPreTouch --enable-native-access=ALL-UNNAMED -cp "$JAR" io.jwtgate.bench.CpuRate "$ROUNDS" "$1" 2>/dev/null \
    | awk -v c="$1" 'index($0, c) == 1 { print $(NF - 1) }' | tail -1
}

echo "measuring OpenSSL (before)..." >&2
rsa1=$(openssl_verify rsa2048 '^rsa 2048'); ec1=$(openssl_verify ecdsap256 'nistp256'); ed1=$(openssl_verify ed25519 'Ed25519')
declare -A J
for c in "verify RS256 accp" "verify ES256 accp" "verify EdDSA accp" "verify EdDSA bouncycastle" \
         "parse+verify+time HS256" "authenticate HS256 cache=off" "authenticate HS256 cache=on" \
         "parse+verify+time RS256" "parse+verify+time ES256" "parse+verify+time EdDSA"; do
  echo "measuring $c..." >&2
  J[$c]=$(java_rate "$c")
done
echo "measuring OpenSSL (after)..." >&2
rsa2=$(openssl_verify rsa2048 '^rsa 2048'); ec2=$(openssl_verify ecdsap256 'nistp256'); ed2=$(openssl_verify ed25519 'Ed25519')

ratio() { awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN { m = (b + c) / 2; printf "%.2f", a / m }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r >= t ? "met" : "missed") }'; }
{
  echo "Verification engine, single thread, ops per CPU-second ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores,"
  echo "$(java -version 2>&1 | head -1), $(openssl version | cut -d' ' -f1-2), commit $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes'))"
  echo
  echo "| target | jwtgate | OpenSSL before / after | ratio | verdict |"
  echo "|---|---:|---:|---:|---|"
  r=$(ratio "${J[verify RS256 accp]}" "$rsa1" "$rsa2")
  echo "| RS256 verify ≥ 0.9 × OpenSSL | ${J[verify RS256 accp]} | $rsa1 / $rsa2 | $r | $(verdict "$r" 0.9) |"
  r=$(ratio "${J[verify ES256 accp]}" "$ec1" "$ec2")
  echo "| ES256 verify ≥ 0.9 × OpenSSL | ${J[verify ES256 accp]} | $ec1 / $ec2 | $r | $(verdict "$r" 0.9) |"
  r=$(ratio "${J[verify EdDSA accp]}" "$ed1" "$ed2")
  echo "| Ed25519 verify ≥ 1.0 × OpenSSL | ${J[verify EdDSA accp]} (BouncyCastle: ${J[verify EdDSA bouncycastle]}) | $ed1 / $ed2 | $r | $(verdict "$r" 1.0) |"
  hs=${J[parse+verify+time HS256]}
  echo "| HS256 parse + verify + time claims ≥ 1 M/s | $hs | – | $(awk -v a="$hs" 'BEGIN { printf "%.2f", a / 1e6 }') × 1 M | $(verdict "$hs" 1000000) |"
  echo
  echo "| case | ops per CPU-second |"
  echo "|---|---:|"
  for c in "authenticate HS256 cache=off" "authenticate HS256 cache=on" "parse+verify+time RS256" "parse+verify+time ES256" "parse+verify+time EdDSA"; do
    echo "| $c | ${J[$c]} |"
  done
} | tee "${OUT_FILE:-/dev/null}"
