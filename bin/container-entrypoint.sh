#!/usr/bin/env bash
# The container image's entry point: the same JVM options as ./jwtgate (bin/jvm.sh), with the class
# cache built into the image by `jwtgate train` at image build time.
set -euo pipefail
HERE=/opt/jwtgate
JWTGATE_JAVA_MAJOR=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release")
export JWTGATE_JAVA_MAJOR
# shellcheck source=bin/jvm.sh
. "$HERE/bin/jvm.sh"
mapfile -t JVM_OPTS < <(jwtgate_jvm_defaults)
if [ "${JWTGATE_AOT:-1}" != 0 ]; then mapfile -t -O "${#JVM_OPTS[@]}" JVM_OPTS < <(jwtgate_cache_option "$HERE/jwtgate.aot"); fi
if [ "${1:-}" = --build-cache ]; then
  jwtgate_build_cache "$HERE/jwtgate.aot" "${JVM_OPTS[@]}" --enable-native-access=ALL-UNNAMED -cp "$HERE/jwtgate-gateway.jar:$HERE/lib/*"
  [ -f "$HERE/jwtgate.aot" ] || { cat "$HERE/jwtgate.aot.log" >&2; exit 1; }
  exit 0
fi
# shellcheck disable=SC2086 # JWTGATE_JAVA_OPTS is a list of options
exec "$JAVA_HOME/bin/java" "${JVM_OPTS[@]}" --enable-native-access=ALL-UNNAMED ${JWTGATE_JAVA_OPTS:-} \
  -cp "$HERE/jwtgate-gateway.jar:$HERE/lib/*" io.jwtgate.gateway.cli.Main "$@"
