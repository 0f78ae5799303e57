#!/usr/bin/env bash
# Coverage-guided fuzzing of every Jazzer target (@FuzzTest), one after another, each for a bounded time.
#   jwtgate-bench/fuzz/fuzz-all.sh                    # every target, 10 minutes each
#   DURATION=30s jwtgate-bench/fuzz/fuzz-all.sh       # CI: a short bounded run per target
#   DURATION=1h jwtgate-bench/fuzz/fuzz-all.sh TokenParserFuzzTest#authenticateArbitraryToken
# A crash fails the run; Jazzer writes the input under src/test/resources/<package>/<Class>Inputs/<method>/,
# where the regular build then replays it (regression mode). Logs and a summary (executions per
# target) go to jwtgate-bench/fuzz/out/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/jwtgate-bench/fuzz/out"
DURATION="${DURATION:-10m}"
ALL_TARGETS=(
  "jwtgate-jwt io.jwtgate.jwt.fuzz.TokenParserFuzzTest#parseArbitraryToken"
  "jwtgate-jwt io.jwtgate.jwt.fuzz.TokenParserFuzzTest#authenticateArbitraryToken"
  "jwtgate-jwt io.jwtgate.jwt.fuzz.TokenParserFuzzTest#authenticateSignedFuzzedClaims"
  "jwtgate-jwt io.jwtgate.jwt.fuzz.ClaimsExpressionFuzzTest#compileAndEvaluateClaims"
  "jwtgate-jwt io.jwtgate.jwt.fuzz.ForwardHeadersFuzzTest#renderFuzzedClaims"
  "jwtgate-jwt io.jwtgate.jwt.json.StrictJsonParserFuzzTest#agreesWithJackson"
  "jwtgate-gateway io.jwtgate.gateway.fuzz.RuleFuzzTest#compileAndMatchRules"
  "jwtgate-gateway io.jwtgate.gateway.fuzz.ConfigLoaderFuzzTest#loadFuzzedConfiguration"
  "jwtgate-gateway io.jwtgate.gateway.fuzz.RequestTargetFuzzTest#parsedTargetsAreStableAndSanitized"
)
cd "$ROOT"
# shellcheck source=../../bin/jdk.sh
. "$ROOT/bin/jdk.sh"
jwtgate_select_jdk
mkdir -p "$OUT"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -B -ntp -DskipTests install -pl jwtgate-expr,jwtgate-jwt -am
  ./mvnw -q -B -ntp test-compile -pl jwtgate-gateway
  for m in jwtgate-jwt jwtgate-gateway; do
    ./mvnw -q -B -ntp dependency:build-classpath -pl "$m" -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/$m.classpath"
  done
  ./mvnw -q -B -ntp dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:6.1.3 -DoutputDirectory="$OUT"
fi
LAUNCHER="$OUT/junit-platform-console-standalone-6.1.3.jar"
SUMMARY="$OUT/summary.txt"
: > "$SUMMARY"
status=0
for entry in "${ALL_TARGETS[@]}"; do
  module="${entry%% *}"; target="${entry#* }"
  if [[ $# -gt 0 ]] && [[ ! " $* " =~ [[:space:]]${target##*.}[[:space:]] ]] && [[ ! " $* " =~ [[:space:]]${target}[[:space:]] ]]; then
    continue
  fi
  log="$OUT/$(echo "${target##*.}" | tr "#" "-").log"
  echo "fuzzing $target for $DURATION (log: $log)" >&2
  cp="$ROOT/$module/target/test-classes:$ROOT/$module/target/classes:$(cat "$OUT/$module.classpath")"
  set +e
  (cd "$ROOT/$module" && JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$DURATION" java -XX:+EnableDynamicAgentLoading -Xmx2g \
      -cp "$LAUNCHER:$cp" org.junit.platform.console.ConsoleLauncher execute --disable-banner \
      --select-method="$target(com.code_intelligence.jazzer.api.FuzzedDataProvider)" >"$log" 2>&1)
  rc=$?
  set -e
  runs=$(grep -aoE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
  [[ -z "$runs" ]] && runs="$(grep -aoE '^#[0-9]+' "$log" | tail -1 || true) (last status line)"
  result=$([[ $rc == 0 ]] && echo ok || echo "FAILED (exit $rc): see $log")
  echo "$target: $runs: $result" | tee -a "$SUMMARY"
  [[ $rc == 0 ]] || status=1
done
exit $status
