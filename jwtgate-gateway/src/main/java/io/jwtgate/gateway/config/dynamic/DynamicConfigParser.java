package io.jwtgate.gateway.config.dynamic;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.TlsDomain;
import io.jwtgate.gateway.config.Unsupported;
import io.jwtgate.gateway.config.statics.ServersTransportConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads Traefik's file-provider format ({@code http.routers}, {@code http.services},
 * {@code http.middlewares}, {@code tls.certificates}, {@code tls.options}) from one or more documents of one provider.
 * An invalid element is kept as broken, with its error, instead of failing the whole document,
 * so that one typo disables one router and not the gateway.
 */
public final class DynamicConfigParser {

    private final String provider;
    private final Consumer<String> warn;
    private final Map<String, RouterConfig> routers = new LinkedHashMap<>();
    private final Map<String, ServiceConfig> services = new LinkedHashMap<>();
    private final Map<String, MiddlewareConfig> middlewares = new LinkedHashMap<>();
    private final Map<String, ServersTransportConfig> serversTransports = new LinkedHashMap<>();
    private final List<CertificateConfig> certificates = new ArrayList<>();
    private final Map<String, TlsOptionsConfig> tlsOptions = new LinkedHashMap<>();
    private final List<ConfigException> errors = new ArrayList<>();
    private CertificateConfig defaultCertificate;
    private final TcpConfigParser tcp;
    /** Router keys jwtgate does not implement, by what happens instead, with the routers using them: reported once per document. */
    private final Map<String, List<String>> routerDifferences = new LinkedHashMap<>();

    public DynamicConfigParser(String provider, Consumer<String> warn) {
        this.provider = provider;
        this.warn = warn;
        this.tcp = new TcpConfigParser(this::qualify, this::optionsName, warn, errors);
    }

    /** Adds one document; a name another document already defined keeps its first definition (Traefik's rule). */
    public DynamicConfigParser add(ConfigNode root) throws ConfigException {
        if (root.isMissing()) {
            return this;
        }
        if (!root.isObject()) {
            throw root.error("a dynamic configuration must be a map with `http:` and/or `tls:`", "start the file with `http:`");
        }
        root.warnUnknownKeys(Set.of("http", "tls", "tcp", "udp",
                // static keys are allowed in the single-file form
                "entryPoints", "providers", "log", "accessLog", "ping", "serversTransport", "demoBackend", "global", "api"), warn);
        tcp.add(root);
        ConfigNode http = root.get("http");
        http.warnUnknownKeys(Set.of("routers", "services", "middlewares", "serversTransports"), warn);
        for (Map.Entry<String, ConfigNode> e : http.get("serversTransports").fields().entrySet()) {
            try {
                ServersTransportConfig transport = ServersTransportConfig.parse(e.getValue(), true, warn);
                put(serversTransports, qualify(e.getKey()), transport, e.getValue());
            } catch (ConfigException ex) {
                errors.add(ex); // services naming it report it missing: they answer 503
            }
        }
        for (Map.Entry<String, ConfigNode> e : http.get("routers").fields().entrySet()) {
            put(routers, qualify(e.getKey()), router(qualify(e.getKey()), e.getValue()), e.getValue());
        }
        for (Map.Entry<String, ConfigNode> e : http.get("services").fields().entrySet()) {
            put(services, qualify(e.getKey()), service(qualify(e.getKey()), e.getValue()), e.getValue());
        }
        for (Map.Entry<String, ConfigNode> e : http.get("middlewares").fields().entrySet()) {
            put(middlewares, qualify(e.getKey()), middleware(qualify(e.getKey()), e.getValue()), e.getValue());
        }
        ConfigNode tls = root.get("tls");
        tls.warnUnknownKeys(Set.of("certificates", "stores", "options"), warn);
        for (ConfigNode c : tls.get("certificates").elements()) {
            try {
                certificates.add(certificate(c));
            } catch (ConfigException ex) {
                errors.add(ex);
            }
        }
        for (Map.Entry<String, ConfigNode> e : tls.get("options").fields().entrySet()) {
            String name = optionsName(e.getKey());
            put(tlsOptions, name, tlsOptions(name, e.getValue()), e.getValue());
        }
        for (Map.Entry<String, ConfigNode> store : tls.get("stores").fields().entrySet()) {
            if (!store.getKey().equals("default")) {
                warn.accept(Unsupported.message(root.source(), store.getValue().path(), "only the default TLS store exists; this one is ignored"));
            }
            store.getValue().warnUnknownKeys(Set.of("defaultCertificate"), warn);
        }
        ConfigNode def = tls.get("stores").get("default").get("defaultCertificate");
        if (!def.isMissing()) {
            try {
                defaultCertificate = certificate(def);
            } catch (ConfigException ex) {
                errors.add(ex);
            }
        }
        routerDifferences.forEach((keyAndInstead, names) -> {
            String[] parts = keyAndInstead.split("\u0000", 2);
            String routers = names.size() == 1 ? names.get(0) : "{" + String.join(", ", names) + "}";
            warn.accept(Unsupported.message(root.source(), "http.routers." + routers + "." + parts[0], parts[1]));
        });
        routerDifferences.clear();
        return this;
    }

    /** Records that {@code router} uses {@code key}, which behaves differently ({@code instead}); one warning per key and document. */
    private void routerDifference(String router, String key, String instead) {
        routerDifferences.computeIfAbsent(key + "\u0000" + instead, k -> new ArrayList<>()).add(router);
    }

    public DynamicConfig build() {
        return new DynamicConfig(routers, services, middlewares, certificates, defaultCertificate, tlsOptions, errors, serversTransports,
                tcp.build());
    }

    /**
     * Traefik v3.7's file provider reads a directory's files in name order and keeps the first
     * definition of a name (its merge strategy "skip duplicates"): a later, different one is skipped
     * with a warning saying which file won. An identical repetition changes nothing and is not reported.
     */
    private <T> void put(Map<String, T> map, String name, T value, ConfigNode at) {
        T existing = map.get(name);
        if (existing == null) {
            map.put(name, value);
            return;
        }
        if (!sameDefinition(existing, value)) {
            warn.accept(at.source() + ": " + at.path() + ": " + kind(value) + " '" + name + "' is already defined in "
                    + sourceOf(existing) + "; this definition is skipped (Traefik's file provider keeps the first one, files"
                    + " read in name order). Fix: give one of them another name, or delete the copy");
        }
    }

    private static String kind(Object value) {
        return switch (value) {
            case RouterConfig r -> "HTTP router";
            case ServiceConfig s -> "HTTP service";
            case MiddlewareConfig m -> "HTTP middleware";
            case TlsOptionsConfig o -> "TLS options";
            case ServersTransportConfig t -> "HTTP servers transport";
            default -> "element";
        };
    }

    private static String sourceOf(Object value) {
        return switch (value) {
            case RouterConfig r -> r.source();
            case ServiceConfig s -> s.source();
            case MiddlewareConfig m -> m.source();
            case TlsOptionsConfig o -> o.source();
            default -> "an earlier file";
        };
    }

    private static boolean sameDefinition(Object a, Object b) {
        if (a instanceof MiddlewareConfig ma && b instanceof MiddlewareConfig mb) {
            return Objects.equals(ma.type(), mb.type()) && Objects.equals(ma.options().toPlain(), mb.options().toPlain());
        }
        if (a instanceof ServiceConfig sa && b instanceof ServiceConfig sb) {
            return sa.fingerprint().equals(sb.fingerprint());
        }
        if (a instanceof RouterConfig ra && b instanceof RouterConfig rb) {
            return ra.error() == null && rb.error() == null && Objects.equals(ra.rule(), rb.rule())
                    && ra.entryPoints().equals(rb.entryPoints()) && ra.middlewares().equals(rb.middlewares())
                    && Objects.equals(ra.service(), rb.service()) && ra.priority() == rb.priority() && ra.tls() == rb.tls()
                    && Objects.equals(ra.ruleSyntax(), rb.ruleSyntax())
                    && Objects.equals(ra.tlsOptions(), rb.tlsOptions()) && ra.parentRefs().equals(rb.parentRefs());
        }
        if (a instanceof ServersTransportConfig ta && b instanceof ServersTransportConfig tb) {
            return ta.settings().equals(tb.settings());
        }
        if (a instanceof TlsOptionsConfig oa && b instanceof TlsOptionsConfig ob) {
            return oa.settings().equals(ob.settings());
        }
        return a.equals(b);
    }

    /** Adds {@code @provider} to names that have none, as Traefik does. */
    public String qualify(String name) {
        return name.contains("@") ? name : name + "@" + provider;
    }

    /** A name of TLS options: {@code default} is global (one set for every provider), the others are qualified. */
    public String optionsName(String name) {
        return name.isEmpty() || name.equals(TlsOptionsConfig.DEFAULT) ? TlsOptionsConfig.DEFAULT : qualify(name);
    }

    private TlsOptionsConfig tlsOptions(String name, ConfigNode n) {
        try {
            return TlsOptionsParser.parse(name, n, provider, warn);
        } catch (ConfigException e) {
            errors.add(e);
            return TlsOptionsConfig.broken(name, n.source(), provider, e);
        }
    }

    private RouterConfig router(String name, ConfigNode n) {
        try {
            n.warnUnknownKeys(Set.of("rule", "entryPoints", "middlewares", "service", "priority", "tls", "ruleSyntax", "observability",
                    "parentRefs"), warn);
            List<String> mws = new ArrayList<>();
            for (String m : n.get("middlewares").stringList()) {
                mws.add(qualify(m));
            }
            long priority = n.get("priority").integer(0);
            if (priority < 0 || priority > Integer.MAX_VALUE) {
                throw n.get("priority").error("must be between 0 and " + Integer.MAX_VALUE, "use a positive number (higher wins)");
            }
            ConfigNode tls = n.get("tls");
            String plain = name.substring(0, name.indexOf('@'));
            String options = null;
            String certResolver = null;
            List<TlsDomain> domains = List.of();
            if (!tls.isMissing()) {
                options = tls.has("options") ? optionsName(tls.get("options").string("")) : null;
                tls.warnUnknownKeys(Set.of("options", "domains", "certResolver"), warn);
                String resolver = tls.get("certResolver").string(""); // an empty name resolves nothing in Traefik either
                certResolver = resolver.isEmpty() ? null : resolver;
                domains = TlsDomain.parseList(tls.get("domains"), warn);
            }
            String syntax = n.has("ruleSyntax") ? n.get("ruleSyntax").string("") : null;
            if (syntax != null && !syntax.isEmpty() && !syntax.equals("v2") && !syntax.equals("v3") && !syntax.equals("default")) {
                routerDifference(plain, "ruleSyntax", "'" + syntax + "' is not a rule syntax: the rule is read as v3, as Traefik does"
                        + " (write v2 or v3)");
            }
            if (!n.get("observability").fields().isEmpty()) {
                routerDifference(plain, "observability", "per-router access log, metrics and tracing switches are not applied;"
                        + " every router is logged and measured");
            }
            List<String> parents = new ArrayList<>();
            for (String parent : n.get("parentRefs").stringList()) {
                parents.add(qualify(parent));
            }
            // A router without a service is a parent in multi-layer routing; runtime/RouterTree reports one that has no children.
            String service = n.get("service").string("");
            return new RouterConfig(name, n.get("rule").requiredString(), n.get("entryPoints").stringList(), mws,
                    service.isEmpty() ? null : qualify(service), (int) priority, n.has("tls"), options, n.source(), null, syntax, parents,
                    certResolver, domains);
        } catch (ConfigException e) {
            errors.add(e);
            return RouterConfig.broken(name, n.source(), e);
        }
    }

    /** The type key and its options; each service type validates its own options when the runtime is built. */
    private ServiceConfig service(String name, ConfigNode n) {
        try {
            Map<String, ConfigNode> types = n.fields();
            if (types.size() != 1) {
                throw n.error((types.isEmpty() ? "has no type" : "has several types " + types.keySet())
                                + ": a service needs exactly one of loadBalancer or weighted",
                        "define `loadBalancer: {servers: [{url: http://host:port}]}`");
            }
            Map.Entry<String, ConfigNode> only = types.entrySet().iterator().next();
            return ServiceConfig.of(name, only.getKey(), only.getValue(), n.source());
        } catch (ConfigException e) {
            errors.add(e);
            return ServiceConfig.broken(name, n.source(), e);
        }
    }

    private MiddlewareConfig middleware(String name, ConfigNode n) {
        try {
            Map<String, ConfigNode> types = n.fields();
            if (types.size() != 1) {
                throw n.error(types.isEmpty() ? "has no type" : "has several types " + types.keySet(),
                        "give each middleware exactly one type, e.g. `plugin: {jwt: {...}}` or `stripPrefix: {...}`");
            }
            Map.Entry<String, ConfigNode> only = types.entrySet().iterator().next();
            if (only.getKey().equalsIgnoreCase("plugin")) {
                Map<String, ConfigNode> plugins = only.getValue().fields();
                if (plugins.size() != 1) {
                    throw only.getValue().error("must name exactly one plugin", "write `plugin: {jwt: {...}}`");
                }
                Map.Entry<String, ConfigNode> plugin = plugins.entrySet().iterator().next();
                return new MiddlewareConfig(name, "plugin." + plugin.getKey(), plugin.getValue(), n.source(), null);
            }
            return new MiddlewareConfig(name, only.getKey(), only.getValue(), n.source(), null);
        } catch (ConfigException e) {
            errors.add(e);
            return new MiddlewareConfig(name, null, n, n.source(), e);
        }
    }

    private CertificateConfig certificate(ConfigNode n) throws ConfigException {
        List<String> stores = n.get("stores").stringList();
        if (!stores.isEmpty() && !stores.contains("default")) {
            // Traefik's routers use the default store only: there, a certificate kept in other stores is never served.
            warn.accept(Unsupported.message(n.source(), n.get("stores").path(), "jwtgate has only the default TLS store, so this"
                    + " certificate is served from it (Traefik keeps it in " + stores + ", which no router uses)"));
        }
        return new CertificateConfig(n.get("certFile").requiredString(), n.get("keyFile").requiredString(), n.source());
    }
}
