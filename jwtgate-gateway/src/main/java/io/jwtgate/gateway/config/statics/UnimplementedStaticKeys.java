package io.jwtgate.gateway.config.statics;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.Unsupported;
import io.jwtgate.jwt.config.ConfigException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Static keys of Traefik that jwtgate reads but does not implement: each is validated and, when it
 * asks for something other than what jwtgate does, reported once with what happens instead. A value
 * that matches jwtgate's behaviour (Traefik's default, usually) is accepted silently. Found by
 * {@code TraefikReferenceKeysTest}, which loads every key of Traefik's reference static file.
 */
final class UnimplementedStaticKeys {

    /** Traefik's default priority of an entry point's redirection router: {@code math.MaxInt32 - 1}. */
    static final long REDIRECTION_PRIORITY = Integer.MAX_VALUE - 1L;

    /** Traefik's top-level static sections that jwtgate does not implement, with what happens instead. */
    static final Map<String, String> SECTIONS = Map.of(
            "tcpServersTransport", "TCP servers transports are not supported: connections to TCP servers use a 30s dial timeout, no TLS,"
                    + " no termination delay",
            "tracing", "no traces are recorded or exported (no OpenTelemetry tracing): use the access log and the Prometheus metrics",
            "hostResolver", "hosts are matched as the client sent them, without CNAME flattening",
            "experimental", "no Traefik plugins (Yaegi, WASM) and no experimental features are loaded: jwtgate's own middlewares"
                    + " (plugin.jwt, plugin.mcp, plugin.oAuthIntrospection, plugin.distributedRateLimit) are built in",
            "spiffe", "no SPIFFE Workload API is used: backends are verified with serversTransport.rootCAs",
            "ocsp", "no OCSP stapling and no responder overrides");

    /** Traefik's providers that jwtgate does not have. */
    static final Map<String, String> PROVIDERS = providers();

    /** Entry point keys of Traefik that jwtgate does not implement. */
    static final Map<String, String> ENTRY_POINT = Map.of(
            "reusePort", "the address is bound without SO_REUSEPORT: a second process cannot listen on it",
            "proxyProtocol", "PROXY protocol headers are not read: a connection that starts with one is refused as a bad request",
            "http3", "no HTTP/3 (QUIC) listener: clients use HTTP/1.1 or HTTP/2",
            "udp", "the entry point listens on TCP only (there are no UDP routers)",
            "observability", "every router of the entry point is logged and measured");

    /** Metrics backends other than Prometheus, and {@code metrics.addInternals}. */
    static final Map<String, String> METRICS = Map.of(
            "datadog", "only Prometheus metrics are served: nothing is pushed to Datadog",
            "statsD", "only Prometheus metrics are served: nothing is pushed to StatsD",
            "influxDB2", "only Prometheus metrics are served: nothing is pushed to InfluxDB",
            "otlp", "only Prometheus metrics are served: nothing is pushed over OTLP",
            "addInternals", "there is no switch for the internal routers' metrics: their requests are recorded as jwtgate always"
                    + " records them");

    private static Map<String, String> providers() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : new String[] {"docker", "swarm", "kubernetesIngress", "kubernetesIngressNGINX", "kubernetesGateway", "knative",
                "rest", "consulCatalog", "nomad", "ecs", "consul", "etcd", "zooKeeper", "redis", "http", "plugin"}) {
            out.put(p, "this provider is not supported: nothing is read from it (use the file or the kubernetesCRD provider)");
        }
        return Map.copyOf(out);
    }

    private final Consumer<String> warn;

    UnimplementedStaticKeys(Consumer<String> warn) {
        this.warn = warn;
    }

    /** {@code known} and the keys of {@code table}: for the unknown-key check of a map that has some of both. */
    static Set<String> with(Set<String> known, Map<String, String> table) {
        Set<String> all = new HashSet<>(known);
        all.addAll(table.keySet());
        return Set.copyOf(all);
    }

    /** One warning per key of {@code table} present in {@code parent}, with what happens instead. */
    void present(ConfigNode parent, Map<String, String> table) {
        table.forEach((key, instead) -> {
            if (parent.isObject() && parent.has(key)) {
                warn.accept(Unsupported.message(parent.source(), parent.get(key).path(), instead));
            }
        });
    }

    /** {@code global}: Traefik's calls home; jwtgate makes none. */
    void global(ConfigNode global) throws ConfigException {
        global.warnUnknownKeys(Set.of("checkNewVersion", "sendAnonymousUsage"), warn);
        ifTrue(global.get("checkNewVersion"), "jwtgate never checks for a new version (set it to false or remove it)");
        ifTrue(global.get("sendAnonymousUsage"), "jwtgate never sends usage data (set it to false or remove it)");
    }

    /** An entry point's {@code transport} keys beyond the timeouts jwtgate applies, and its redirection's {@code priority}. */
    void entryPoint(ConfigNode ep) throws ConfigException {
        present(ep, ENTRY_POINT);
        ifTrue(ep.get("allowACMEByPass"), "jwtgate answers /.well-known/acme-challenge/ before any router (as Traefik without"
                + " allowACMEByPass): a router cannot take over the challenge");
        ConfigNode transport = ep.get("transport");
        transport.warnUnknownKeys(Set.of("lifeCycle", "respondingTimeouts", "keepAliveMaxTime", "keepAliveMaxRequests"), warn);
        transport.get("lifeCycle").warnUnknownKeys(Set.of("requestAcceptGraceTimeout", "graceTimeOut"), warn);
        transport.get("respondingTimeouts").warnUnknownKeys(Set.of("readTimeout", "writeTimeout", "idleTimeout"), warn);
        ifNotZero(transport.get("lifeCycle").get("requestAcceptGraceTimeout"), "on shutdown the entry point stops accepting requests at"
                + " once (graceTimeOut still lets requests in flight finish)");
        ifNotZero(transport.get("respondingTimeouts").get("writeTimeout"), "responses are not cut off after a write timeout"
                + " (readTimeout and idleTimeout are applied)");
        ifNotZero(transport.get("keepAliveMaxTime"), "keep-alive connections are not closed after a maximum lifetime (idleTimeout still"
                + " closes idle ones)");
        long requests = transport.get("keepAliveMaxRequests").integer(0);
        if (requests != 0) {
            warn.accept(Unsupported.message(ep.source(), transport.get("keepAliveMaxRequests").path(), "keep-alive connections are not"
                    + " closed after a number of requests (idleTimeout still closes idle ones)"));
        }
        ConfigNode redirections = ep.get("http").get("redirections");
        redirections.warnUnknownKeys(Set.of("entryPoint"), warn);
        ConfigNode redirect = redirections.get("entryPoint");
        redirect.warnUnknownKeys(Set.of("to", "scheme", "permanent", "priority"), warn);
        long priority = redirect.get("priority").integer(REDIRECTION_PRIORITY);
        if (priority != REDIRECTION_PRIORITY) {
            warn.accept(Unsupported.message(ep.source(), redirect.get("priority").path(), "the redirection applies before every router of"
                    + " the entry point, as with Traefik's default priority (" + REDIRECTION_PRIORITY + ")"));
        }
    }

    /** {@code providers.file.debugLogGeneratedTemplate}: jwtgate reads the files as they are, no Go template runs. */
    void fileProvider(ConfigNode file) throws ConfigException {
        file.warnUnknownKeys(Set.of("filename", "directory", "watch", "debugLogGeneratedTemplate"), warn);
        ifTrue(file.get("debugLogGeneratedTemplate"), "jwtgate does not run the files through Go templates, so there is no generated"
                + " configuration to log");
    }

    /** {@code log} beyond level, format and filePath: rotation and OTLP export. {@code noColor} is what jwtgate does anyway. */
    void log(ConfigNode log) throws ConfigException {
        log.warnUnknownKeys(Set.of("level", "format", "filePath", "noColor", "maxSize", "maxAge", "maxBackups", "compress", "otlp"), warn);
        log.get("noColor").bool(true); // jwtgate's log has no colours
        for (String rotation : new String[] {"maxSize", "maxAge", "maxBackups"}) {
            if (log.get(rotation).integer(0) != 0) {
                warn.accept(Unsupported.message(log.source(), log.get(rotation).path(), "the log file is not rotated (rotate it with"
                        + " logrotate's copytruncate, or log to standard output)"));
            }
        }
        ifTrue(log.get("compress"), "the log file is not rotated, so nothing is compressed");
        otlp(log.get("otlp"), "the log is not exported over OTLP: it is written to standard output or filePath");
    }

    /** {@code accessLog} beyond filePath, format, statusCodes and minDuration. */
    void accessLog(ConfigNode accessLog) throws ConfigException {
        accessLog.warnUnknownKeys(Set.of("filePath", "format", "filters", "fields", "bufferingSize", "addInternals", "otlp"), warn);
        ConfigNode filters = accessLog.get("filters");
        filters.warnUnknownKeys(Set.of("statusCodes", "retryAttempts", "minDuration"), warn);
        ifTrue(filters.get("retryAttempts"), "a retried request is not kept for that reason: only statusCodes and minDuration select"
                + " lines");
        if (!accessLog.get("fields").isMissing()) {
            warn.accept(Unsupported.message(accessLog.source(), accessLog.get("fields").path(), "every line has jwtgate's fixed fields"
                    + " (Traefik's default set, no request headers): fields are not dropped or redacted"));
        }
        if (accessLog.get("bufferingSize").integer(0) != 0) {
            warn.accept(Unsupported.message(accessLog.source(), accessLog.get("bufferingSize").path(), "lines go through jwtgate's own"
                    + " queue of 16384 lines, written by a background thread (dropped and counted when it is full)"));
        }
        if (!accessLog.get("addInternals").bool(true)) {
            warn.accept(Unsupported.message(accessLog.source(), accessLog.get("addInternals").path(), "requests to the internal"
                    + " services (api, dashboard, ping, prometheus) are logged too"));
        }
        otlp(accessLog.get("otlp"), "the access log is not exported over OTLP: it is written to standard output or filePath");
    }

    private void otlp(ConfigNode otlp, String instead) {
        if (!otlp.isMissing()) {
            warn.accept(Unsupported.message(otlp.source(), otlp.path(), instead));
        }
    }

    private void ifTrue(ConfigNode n, String instead) throws ConfigException {
        if (n.bool(false)) {
            warn.accept(Unsupported.message(n.source(), n.path(), instead));
        }
    }

    private void ifNotZero(ConfigNode n, String instead) throws ConfigException {
        if (!n.duration(Duration.ZERO).isZero()) {
            warn.accept(Unsupported.message(n.source(), n.path(), instead));
        }
    }
}
