# Sourced by ./jwtgate, ./mvnw callers and .ci/run: exports JAVA_HOME pointing at the newest JDK >= 21.
# Looks at $JAVA_HOME, then /usr/lib/jvm/*, then the java on PATH. Prints a clear message when none fits.
# The JDK's feature version: from its `release` file (no JVM started, which cost ~100 ms per installed
# JDK at every launch), else from the JVM itself.
jwtgate_java_major() {
  local v=""
  [ -r "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9.]*\).*/\1/p' "$1/release" | head -1)
  [ -n "$v" ] || v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)
  echo "$v"
}
jwtgate_select_jdk() {
  local best="" best_major=0 candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(jwtgate_java_major "$candidate")
    major=${major%%.*}
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major="$major"; fi
  done
  if [ -z "$best" ]; then
    echo "jwtgate: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm/*, and java on PATH)." >&2
    echo "jwtgate: install one (e.g. Temurin 21 or 25) and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best" JWTGATE_JAVA_MAJOR="$best_major"
  # Maven's bundled Guice uses sun.misc.Unsafe; JDK 24+ warns about it on every build unless allowed.
  if [ "$best_major" -ge 24 ]; then
    case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
  fi
  export PATH="$JAVA_HOME/bin:$PATH"
}
