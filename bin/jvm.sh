# Sourced by ./jwtgate and the container image's entry point: the JVM options jwtgate runs with.
# JWTGATE_JVM_DEFAULTS=0 drops the defaults below; JWTGATE_JAVA_OPTS comes last, so any option there wins
# (e.g. JWTGATE_JAVA_OPTS=-Xmx1g for a large token cache).

# Sized for a proxy, not for the host: the JVM's own default is a quarter of the machine's memory,
# which on a 24 GiB host let the heap grow to several hundred MiB for a working set of tens.
#   SerialGC: two event loops and a small heap need no concurrent collector; G1's remembered sets and
#             worker threads cost ~30 MiB of native memory. Young collections of this heap take ~1 ms.
#   -Xmx256m: the verified-token cache (64 MiB at most, jwt.tokenCache.maxBytes) plus request buffers fit.
#   MaxDirectMemorySize: Netty's pooled buffers (request and response bodies in flight).
#   -Xss512k: event loops and a few workers; no deep recursion.
#   TrimNativeHeapInterval (JDK 22+): gives the C library's freed memory back every 5 s; what the JIT's
#             compiler threads freed after warm-up otherwise stayed resident (RSS under load 174 -> 151 MiB,
#             docs/benchmarks.md "RSS").
jwtgate_jvm_defaults() {
  [ "${JWTGATE_JVM_DEFAULTS:-1}" = 0 ] && return 0
  printf '%s\n' -XX:+UseSerialGC -Xms32m -Xmx256m -XX:MaxDirectMemorySize=128m -XX:ReservedCodeCacheSize=64m -Xss512k
  if [ "${JWTGATE_JAVA_MAJOR:-21}" -ge 22 ]; then printf '%s\n' -XX:TrimNativeHeapInterval=5000; fi
}

# A class cache built by `jwtgate train` (a short loopback run of the common paths): JDK 25+ keeps
# the classes loaded and linked, with profiles (JEP 483/514/515); JDK 21-24 a dynamic CDS archive.
# Prints the option that uses CACHE, or nothing when it does not exist.
jwtgate_cache_option() {
  local cache=$1
  [ -f "$cache" ] || return 0
  if [ "${JWTGATE_JAVA_MAJOR:-21}" -ge 25 ]; then printf '%s\n' "-XX:AOTCache=$cache"; else printf '%s\n' "-XX:SharedArchiveFile=$cache"; fi
}

# Builds CACHE with a training run (a few seconds); failures are reported and ignored (the gateway
# then starts without a cache, only slower).
jwtgate_build_cache() {
  local cache=$1; shift
  local record=()
  if [ "${JWTGATE_JAVA_MAJOR:-21}" -ge 25 ]; then record=("-XX:AOTCacheOutput=$cache" -Xlog:aot=off); else record=("-XX:ArchiveClassesAtExit=$cache" -Xlog:cds=off); fi
  rm -f "$cache"
  echo "jwtgate: building the JVM class cache for faster starts (once per build, a few seconds)..." >&2
  if ! "$JAVA_HOME/bin/java" "${record[@]}" "$@" io.jwtgate.gateway.cli.Main train > "$cache.log" 2>&1; then
    echo "jwtgate: building the class cache failed (see $cache.log); starting without it" >&2
    rm -f "$cache"
  fi
}
