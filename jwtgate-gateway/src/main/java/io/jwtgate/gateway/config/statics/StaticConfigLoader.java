package io.jwtgate.gateway.config.statics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.TlsDomain;
import io.jwtgate.gateway.config.Unsupported;
import io.jwtgate.gateway.config.YamlDocuments;
import io.jwtgate.gateway.http.TargetRules;
import io.jwtgate.gateway.http.UnderscoreHeaders;
import io.jwtgate.jwt.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Builds a {@link StaticConfig} from Traefik's static file format, with command-line overrides
 * written as Traefik flags ({@code --entryPoints.web.address=:8081}).
 */
public final class StaticConfigLoader {

    private static final Set<String> TOP_LEVEL = Set.of("entryPoints", "providers", "log", "accessLog", "ping",
            "serversTransport", "demoBackend", "http", "tls", "tcp", "udp", "global", "api", "metrics", "jwt", "core",
            "certificatesResolvers", "ioTransport");

    private final Consumer<String> warn;
    private final UnimplementedStaticKeys unimplemented;
    /** Entry points' {@code http.tls.certResolver}/{@code domains}, collected while the entry points are read. */
    private final Map<String, AcmeConfig.EntryPointTls> acmeEntryPoints = new LinkedHashMap<>();

    public StaticConfigLoader(Consumer<String> warn) {
        this.warn = warn;
        this.unimplemented = new UnimplementedStaticKeys(warn);
    }

    public StaticConfig load(Path file, Map<String, String> overrides) throws ConfigException {
        ConfigNode root = file == null
                ? new ConfigNode(JsonNodeFactory.instance.objectNode(), "command line", "")
                : YamlDocuments.read(file);
        if (!overrides.isEmpty()) {
            root = applyOverrides(root, overrides);
        }
        Path base = file == null ? Path.of("").toAbsolutePath() : file.toAbsolutePath().getParent();
        return parse(root, base);
    }

    public StaticConfig parse(ConfigNode root, Path base) throws ConfigException {
        if (!root.isMissing() && !root.isObject()) {
            throw root.error("the static configuration must be a map (entryPoints, providers, ...)", "start the file with `entryPoints:`");
        }
        root.warnUnknownKeys(UnimplementedStaticKeys.with(TOP_LEVEL, UnimplementedStaticKeys.SECTIONS), warn);
        unimplemented.present(root, UnimplementedStaticKeys.SECTIONS);
        unimplemented.global(root.get("global"));
        unimplemented.log(root.get("log"));
        unimplemented.accessLog(root.get("accessLog"));
        acmeEntryPoints.clear();
        Map<String, EntryPointConfig> entryPoints = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : root.get("entryPoints").fields().entrySet()) {
            entryPoints.put(e.getKey(), entryPoint(e.getKey(), e.getValue()));
        }
        boolean userTraefik = entryPoints.containsKey("traefik");
        PingConfig ping = root.has("ping") ? ping(root.get("ping"), warn) : null;
        MetricsConfig metrics = MetricsConfig.parse(root, warn);
        ApiConfig api = ApiConfig.parse(root, warn);
        if (entryPoints.isEmpty()) {
            // Traefik's default: one entry point named "http" on port 80.
            entryPoints.put("http", defaultEntryPoint("http", "0.0.0.0", 80));
        }
        if (ping != null && !entryPoints.containsKey(ping.entryPoint())) {
            if (!ping.entryPoint().equals("traefik")) {
                throw root.get("ping").get("entryPoint").error("entry point '" + ping.entryPoint() + "' is not defined",
                        "define it under entryPoints or use one of " + entryPoints.keySet());
            }
            // As Traefik: ping on the implicit "traefik" entry point, port 8080.
            entryPoints.put("traefik", defaultEntryPoint("traefik", "0.0.0.0", 8080));
        }
        if (metrics != null && !entryPoints.containsKey(metrics.entryPoint())) {
            if (!metrics.entryPoint().equals("traefik")) {
                throw root.get("metrics").get("prometheus").get("entryPoint").error("entry point '" + metrics.entryPoint() + "' is not defined",
                        "define it under entryPoints or use one of " + entryPoints.keySet());
            }
            entryPoints.put("traefik", defaultEntryPoint("traefik", "127.0.0.1", 8080));
        }
        if (api != null && api.insecure() && !userTraefik) {
            // As Traefik: insecure mode serves the API on "traefik", by default :8080 on every interface.
            entryPoints.put("traefik", defaultEntryPoint("traefik", "0.0.0.0", 8080));
        } else if (api != null && !entryPoints.containsKey("traefik")) {
            // The admin API is read-only but tells a lot: loopback unless the operator defines "traefik" itself.
            entryPoints.put("traefik", defaultEntryPoint("traefik", "127.0.0.1", 8080));
        }
        if (api != null) {
            api = api.servedOnEntryPoint(api.insecure() || !userTraefik);
        }
        for (EntryPointConfig ep : List.copyOf(entryPoints.values())) {
            String to = ep.redirect() == null ? null : ep.redirect().toEntryPoint();
            if (to != null && !entryPoints.containsKey(to) && !EntryPointConfig.Redirection.isPort(to)) {
                // As Traefik: the redirection is not created (an error in the log), the gateway starts and the
                // entry point serves its routers without it.
                warn.accept(root.get("entryPoints").get(ep.name()).get("http").get("redirections").get("entryPoint").get("to")
                        .error("redirection target entry point '" + to + "' is not defined, so this entry point does not redirect",
                                "set it to one of " + entryPoints.keySet() + " or to a port such as \":443\"").getMessage());
                entryPoints.put(ep.name(), ep.withoutRedirect());
            }
        }
        ConfigNode inline = root.has("http") || root.has("tls") || root.has("tcp") || root.has("udp") ? root : null;
        return new StaticConfig(entryPoints, fileProvider(root.get("providers"), base), log(root.get("log")),
                root.has("accessLog") ? accessLog(root.get("accessLog")) : null, ping, ServersTransportConfig.parse(root.get("serversTransport"), false, warn),
                demoBackend(root.get("demoBackend")), inline, base, root.source(),
                KubernetesCrdConfig.parse(root.get("providers"), base,
                        root.get("providers").get("providersThrottleDuration").duration(Duration.ofMillis(500)), warn),
                metrics, api, JwtEngineConfig.parse(root, warn), defaultRuleSyntax(root.get("core")),
                AcmeConfig.parse(root, base, acmeEntryPoints, entryPoints.keySet(), warn), ProvidersPrecedence.parse(root.get("providers")),
                IoTransportChoice.parse(root.get("ioTransport")));
    }

    /** {@code core.defaultRuleSyntax}: v3 (Traefik's default) or v2 for routers without {@code ruleSyntax}; anything else stops Traefik too. */
    private String defaultRuleSyntax(ConfigNode core) throws ConfigException {
        core.warnUnknownKeys(Set.of("defaultRuleSyntax"), warn);
        String syntax = core.get("defaultRuleSyntax").string("v3");
        if (!syntax.equals("v3") && !syntax.equals("v2")) {
            throw core.get("defaultRuleSyntax").error("unsupported default rule syntax configuration: \"" + syntax + "\"", "write v3 or v2");
        }
        return syntax;
    }

    private static EntryPointConfig defaultEntryPoint(String name, String host, int port) {
        return new EntryPointConfig(name, host, port, false, null, List.of(), null,
                new EntryPointConfig.ForwardedHeadersConfig(false, List.of(), List.of(), false), EntryPointConfig.DEFAULT_MAX_HEADER_BYTES, 0,
                Duration.ofSeconds(60), Duration.ofSeconds(180), Duration.ofSeconds(10), TargetRules.DEFAULTS,
                UnderscoreHeaders.KEEP, EntryPointConfig.Http2.DEFAULTS, false);
    }

    private EntryPointConfig entryPoint(String name, ConfigNode n) throws ConfigException {
        n.warnUnknownKeys(UnimplementedStaticKeys.with(Set.of("address", "http", "forwardedHeaders", "transport", "http2", "asDefault",
                "allowACMEByPass"), UnimplementedStaticKeys.ENTRY_POINT), warn);
        ConfigNode addressNode = n.get("address");
        HostPort address = HostPort.parse(addressNode.requiredString(), addressNode);
        unimplemented.entryPoint(n);
        ConfigNode http = n.get("http");
        http.warnUnknownKeys(Set.of("tls", "middlewares", "redirections", "maxHeaderBytes", "maxRequestBodyBytes",
                "sanitizePath", "encodedCharacters", "encodeQuerySemicolons", "underscoreHeadersStrategy"), warn);
        boolean tls = http.has("tls");
        String tlsOptions = null;
        if (tls) {
            ConfigNode t = http.get("tls");
            t.warnUnknownKeys(Set.of("options", "certResolver", "domains"), warn);
            String options = t.get("options").string("");
            tlsOptions = options.isEmpty() ? null : options;
            String resolver = t.get("certResolver").string(""); // an empty name resolves nothing in Traefik either
            if (!resolver.isEmpty() || t.has("domains")) {
                acmeEntryPoints.put(name, new AcmeConfig.EntryPointTls(resolver.isEmpty() ? null : resolver,
                        TlsDomain.parseList(t.get("domains"), warn)));
            }
        }
        EntryPointConfig.Redirection redirect = null;
        ConfigNode r = http.get("redirections").get("entryPoint");
        if (!r.isMissing()) {
            redirect = new EntryPointConfig.Redirection(r.get("to").requiredString(), r.get("scheme").string("https"),
                    r.get("permanent").bool(true));
        }
        ConfigNode fh = n.get("forwardedHeaders");
        fh.warnUnknownKeys(Set.of("insecure", "trustedIPs", "connection", "addXForwardedSchemeHeaders"), warn);
        var forwarded = new EntryPointConfig.ForwardedHeadersConfig(fh.get("insecure").bool(false), fh.get("trustedIPs").stringList(),
                fh.get("connection").stringList(), fh.get("addXForwardedSchemeHeaders").bool(false));
        ConfigNode timeouts = n.get("transport").get("respondingTimeouts");
        long maxHeader = http.get("maxHeaderBytes").integer(EntryPointConfig.DEFAULT_MAX_HEADER_BYTES);
        if (maxHeader < 1024) {
            throw http.get("maxHeaderBytes").error("must be at least 1024 bytes", "use a value such as 65536");
        }
        long maxBody = http.get("maxRequestBodyBytes").integer(0);
        if (maxBody < 0) {
            throw http.get("maxRequestBodyBytes").error("must not be negative", "use 0 for unlimited or a byte count");
        }
        return new EntryPointConfig(name, address.host(), address.port(), tls, tlsOptions, http.get("middlewares").stringList(), redirect,
                forwarded, maxHeader, maxBody, timeouts.get("readTimeout").duration(Duration.ofSeconds(60)),
                timeouts.get("idleTimeout").duration(Duration.ofSeconds(180)),
                n.get("transport").get("lifeCycle").get("graceTimeOut").duration(Duration.ofSeconds(10)),
                targetRules(http), underscoreHeaders(http.get("underscoreHeadersStrategy")), http2(n.get("http2")), n.get("asDefault").bool(false));
    }

    /** {@code http.sanitizePath}, {@code http.encodedCharacters.*} and {@code http.encodeQuerySemicolons}, with Traefik's defaults. */
    private TargetRules targetRules(ConfigNode http) throws ConfigException {
        ConfigNode encoded = http.get("encodedCharacters");
        Set<String> known = new TreeSet<>();
        for (TargetRules.Encoded e : TargetRules.Encoded.values()) {
            known.add(e.option());
        }
        encoded.warnUnknownKeys(known, warn);
        Set<String> denied = new TreeSet<>();
        for (TargetRules.Encoded e : TargetRules.Encoded.values()) {
            if (!encoded.get(e.option()).bool(true)) {
                denied.add(e.escape());
            }
        }
        return new TargetRules(http.get("sanitizePath").bool(true), denied, http.get("encodeQuerySemicolons").bool(false));
    }

    private static UnderscoreHeaders underscoreHeaders(ConfigNode n) throws ConfigException {
        String value = n.string("keep");
        try {
            return UnderscoreHeaders.parse(value);
        } catch (IllegalArgumentException e) {
            throw n.error("unknown strategy '" + value + "'", "use keep (forward them, the default), delete or reject");
        }
    }

    /** {@code http2.*}: Traefik's names and defaults. */
    private EntryPointConfig.Http2 http2(ConfigNode n) throws ConfigException {
        n.warnUnknownKeys(Set.of("maxConcurrentStreams", "maxDecoderHeaderTableSize", "maxEncoderHeaderTableSize"), warn);
        EntryPointConfig.Http2 d = EntryPointConfig.Http2.DEFAULTS;
        long streams = n.get("maxConcurrentStreams").integer(d.maxConcurrentStreams());
        long table = n.get("maxDecoderHeaderTableSize").integer(d.maxDecoderHeaderTableSize());
        if (streams < 0 || streams > Integer.MAX_VALUE) {
            throw n.get("maxConcurrentStreams").error("must be between 0 and " + Integer.MAX_VALUE, "use Traefik's default, 250");
        }
        if (table < 0 || table > Integer.MAX_VALUE) {
            throw n.get("maxDecoderHeaderTableSize").error("must be between 0 and " + Integer.MAX_VALUE, "use Traefik's default, 4096");
        }
        if (n.has("maxEncoderHeaderTableSize")) {
            long encoder = n.get("maxEncoderHeaderTableSize").integer(4096);
            if (encoder < 0) {
                throw n.get("maxEncoderHeaderTableSize").error("must not be negative", "use Traefik's default, 4096");
            }
            warn.accept(Unsupported.message(n.source(), n.get("maxEncoderHeaderTableSize").path(), "the gateway's HPACK encoder uses the "
                    + "table size the client announces (SETTINGS_HEADER_TABLE_SIZE, 4096 unless it says otherwise); "
                    + "remove the key to silence this warning"));
        }
        return new EntryPointConfig.Http2((int) streams, (int) table);
    }

    private FileProviderConfig fileProvider(ConfigNode providers, Path base) throws ConfigException {
        providers.warnUnknownKeys(UnimplementedStaticKeys.with(Set.of("file", "kubernetesCRD", "providersThrottleDuration", "precedence"),
                UnimplementedStaticKeys.PROVIDERS), warn);
        unimplemented.present(providers, UnimplementedStaticKeys.PROVIDERS);
        ConfigNode file = providers.get("file");
        if (file.isMissing()) {
            return null;
        }
        unimplemented.fileProvider(file);
        String filename = file.get("filename").string(null);
        String directory = file.get("directory").string(null);
        if ((filename == null) == (directory == null)) {
            throw file.error("exactly one of filename and directory must be set", "set providers.file.filename or providers.file.directory");
        }
        Duration throttle = providers.get("providersThrottleDuration").duration(Duration.ofMillis(500));
        return new FileProviderConfig(filename == null ? null : base.resolve(filename).normalize(),
                directory == null ? null : base.resolve(directory).normalize(), file.get("watch").bool(true), throttle);
    }

    private static LogConfig log(ConfigNode n) throws ConfigException {
        String level = n.get("level").string("INFO").toUpperCase();
        if (!Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "PANIC").contains(level)) {
            throw n.get("level").error("unknown log level '" + level + "'", "use one of DEBUG, INFO, WARN, ERROR");
        }
        return new LogConfig(level, format(n.get("format")), n.get("filePath").string(null));
    }

    private static AccessLogConfig accessLog(ConfigNode n) throws ConfigException {
        ConfigNode filters = n.get("filters");
        return new AccessLogConfig(n.get("filePath").string(null), format(n.get("format")),
                filters.get("statusCodes").stringList(), filters.get("minDuration").duration(Duration.ZERO));
    }

    private static String format(ConfigNode n) throws ConfigException {
        String format = n.string("common").toLowerCase();
        if (!format.equals("common") && !format.equals("json")) {
            throw n.error("unknown format '" + format + "'", "use common or json");
        }
        return format;
    }

    private static PingConfig ping(ConfigNode n, Consumer<String> warn) throws ConfigException {
        n.warnUnknownKeys(Set.of("entryPoint", "manualRouting", "terminatingStatusCode", "readinessRequiresKeys"), warn);
        int terminating = (int) n.get("terminatingStatusCode").integer(503);
        if (terminating < 100 || terminating > 999) {
            throw n.get("terminatingStatusCode").error(terminating + " is not an HTTP status code", "use e.g. 503 or 204");
        }
        return new PingConfig(n.get("entryPoint").string("traefik"), n.get("readinessRequiresKeys").bool(true),
                n.get("manualRouting").bool(false), terminating);
    }

    private static DemoBackendConfig demoBackend(ConfigNode n) throws ConfigException {
        if (n.isMissing()) {
            return null;
        }
        HostPort a = HostPort.parse(n.get("address").string("127.0.0.1:9000"), n.get("address"));
        return new DemoBackendConfig(a.host(), a.port());
    }

    /** Sets {@code a.b.c=value} into the document, creating maps as needed and matching keys case-insensitively. */
    private static ConfigNode applyOverrides(ConfigNode root, Map<String, String> overrides) throws ConfigException {
        ObjectNode tree = root.isObject() ? (ObjectNode) toJson(root) : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            String[] parts = o.getKey().split("\\.");
            ObjectNode cur = tree;
            for (int i = 0; i < parts.length - 1; i++) {
                String key = existingKey(cur, parts[i]);
                JsonNode next = cur.get(key);
                if (!(next instanceof ObjectNode)) {
                    next = cur.putObject(key);
                }
                cur = (ObjectNode) next;
            }
            cur.put(existingKey(cur, parts[parts.length - 1]), o.getValue());
        }
        return new ConfigNode(tree, root.source() + " + command line", "");
    }

    private static JsonNode toJson(ConfigNode node) {
        return com.fasterxml.jackson.databind.json.JsonMapper.builder().build().valueToTree(node.toPlain());
    }

    private static String existingKey(ObjectNode node, String key) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equalsIgnoreCase(key)) {
                return k;
            }
        }
        return key;
    }

    /** {@code host:port} as Traefik writes addresses: ":8080", "127.0.0.1:8080", "[::1]:8080", ":8080/tcp". */
    record HostPort(String host, int port) {
        static HostPort parse(String address, ConfigNode at) throws ConfigException {
            String a = address.trim();
            int slash = a.indexOf('/');
            if (slash >= 0) {
                a = a.substring(0, slash);
            }
            int colon = a.lastIndexOf(':');
            if (colon < 0) {
                throw at.error("address '" + address + "' has no port", "write it as :8080 or 127.0.0.1:8080");
            }
            String host = a.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = "0.0.0.0";
            }
            try {
                int port = Integer.parseInt(a.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new HostPort(host, port);
            } catch (NumberFormatException e) {
                throw at.error("address '" + address + "' has an invalid port", "use a port between 1 and 65535, e.g. :8080");
            }
        }
    }
}
