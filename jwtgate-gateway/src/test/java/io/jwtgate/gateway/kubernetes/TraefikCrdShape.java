package io.jwtgate.gateway.kubernetes;

import io.jwtgate.gateway.config.dynamic.CertificateConfig;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.config.dynamic.RouterConfig;
import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.gateway.provider.kubernetes.CrdNames;
import io.jwtgate.gateway.provider.kubernetes.CrdSnapshot;
import io.jwtgate.jwt.config.GoDuration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Our CRD snapshot in the shape of Traefik's {@code dynamic.Configuration} (as Traefik's CRD provider
 * tests print it: names without {@code @kubernetescrd}), and the normalisation both sides go through
 * before they are compared:
 * <ul>
 *   <li>empty maps, lists and nulls are dropped (Go prints {@code map{}} where a file has nothing);</li>
 *   <li>the defaults Traefik's {@code SetDefaults} gives a file-decoded load balancer, cookie, health
 *       check and servers transport are filled in where absent (a file leaves them implicit, the CRD
 *       provider writes them out; they mean the same);</li>
 *   <li>durations become nanoseconds (Go prints them as numbers of nanoseconds, files as 10s);</li>
 *   <li>a router, service or middleware jwtgate keeps as disabled (error set: it answers 503), and a
 *       router on a disabled service, count as absent, as Traefik drops them;</li>
 *   <li>TLS options are compared by name (their content is TlsOptionsCasesTest's table), certificates
 *       as a set;</li>
 *   <li>the {@code tcp} section as {@link TraefikCrdTcpShape} prints it.</li>
 * </ul>
 */
final class TraefikCrdShape {

    private static final Set<String> DURATIONS = Set.of("flushInterval", "interval", "unhealthyInterval", "timeout", "dialTimeout",
            "responseHeaderTimeout", "idleConnTimeout", "readIdleTimeout", "pingTimeout", "period", "readTimeout", "writeTimeout",
            "failureWindow", "checkPeriod", "fallbackDuration", "recoveryDuration", "initialInterval", "authResponseHeadersRegex_");

    private TraefikCrdShape() {}

    static Map<String, Object> of(CrdSnapshot snapshot) {
        DynamicConfig c = snapshot.config();
        Map<String, Object> routers = new TreeMap<>();
        for (RouterConfig r : c.routers().values()) {
            ServiceConfig service = r.service() == null ? null : c.services().get(r.service());
            if (r.error() != null || (service != null && service.error() != null)) {
                continue; // disabled (it answers 503): Traefik drops it
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("entryPoints", r.entryPoints());
            out.put("service", r.service());
            out.put("rule", r.rule());
            out.put("priority", (long) r.priority());
            List<String> middlewares = new ArrayList<>(r.middlewares());
            List<String> serviceLevel = snapshot.serviceMiddlewares().getOrDefault(r.name(), List.of());
            middlewares.subList(middlewares.size() - serviceLevel.size(), middlewares.size()).clear();
            out.put("middlewares", middlewares);
            if (r.isChild()) {
                out.put("parentRefs", r.parentRefs());
            }
            if (r.tls()) {
                Map<String, Object> tls = new LinkedHashMap<>();
                tls.put("options", r.tlsOptions());
                out.put("tls", tls);
            }
            routers.put(r.name(), out);
        }
        Map<String, Object> services = new TreeMap<>();
        for (ServiceConfig s : c.services().values()) {
            if (s.error() == null) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put(s.type(), s.options().toPlain());
                services.put(s.name(), out);
            }
        }
        snapshot.serviceMiddlewares().forEach((router, names) -> {
            if (routers.containsKey(router) && services.get(router) instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> svc = (Map<String, Object>) m;
                svc.put("middlewares", names);
            }
        });
        Map<String, Object> middlewares = new TreeMap<>();
        for (MiddlewareConfig m : c.middlewares().values()) {
            if (m.error() == null) {
                Object options;
                try {
                    options = secrets(snapshot, m.name(), m.options().toPlain());
                } catch (IllegalStateException e) {
                    continue; // a Secret that cannot be read: the middleware is not built (Traefik drops it)
                }
                String type = m.type();
                if (type.startsWith("plugin.")) {
                    options = Map.of(type.substring("plugin.".length()), options);
                    type = "plugin";
                }
                middlewares.put(m.name(), Map.of(type, options));
            }
        }
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("routers", routers);
        http.put("services", services);
        http.put("middlewares", middlewares);
        http.put("serversTransports", new TreeMap<>(snapshot.serversTransportOptions()));
        Map<String, Object> tls = new LinkedHashMap<>();
        List<Object> certs = new ArrayList<>();
        for (CertificateConfig cert : c.certificates()) {
            certs.add(Map.of("certificate", Map.of("certFile", cert.certFile(), "keyFile", cert.keyFile())));
        }
        tls.put("certificates", certs);
        // By name, whether or not this JDK can apply them (TLS_RSA_* suites are refused by the parser, not by the provider).
        tls.put("options", new ArrayList<>(new java.util.TreeSet<>(c.tlsOptions().keySet())));
        if (c.defaultCertificate() != null) {
            tls.put("stores", Map.of("default", Map.of("defaultCertificate",
                    Map.of("certFile", c.defaultCertificate().certFile(), "keyFile", c.defaultCertificate().keyFile()))));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("http", http);
        root.put("tls", tls);
        root.put("tcp", TraefikCrdTcpShape.of(c.tcp()));
        return normalize(unqualify(root), false);
    }

    /** {@code urn:k8s:secret:} references resolved as the gateway resolves them when it builds the middleware. */
    private static Object secrets(CrdSnapshot snapshot, String middleware, Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), secrets(snapshot, middleware, x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(x -> secrets(snapshot, middleware, x)).toList();
        }
        if (v instanceof String s) {
            String resolved = snapshot.resolveSecret(middleware, s);
            return resolved == null ? s : resolved;
        }
        return v;
    }

    /** Traefik's expected configuration, normalised as ours. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> expected(Map<String, Object> expected) {
        Map<String, Object> copy = (Map<String, Object>) deepCopy(expected);
        if (copy.get("tls") instanceof Map<?, ?> tls) {
            Map<String, Object> t = (Map<String, Object>) tls;
            if (t.get("options") instanceof Map<?, ?> options) {
                t.put("options", new ArrayList<>(options.keySet()));
            }
            if (t.get("certificates") instanceof List<?> certs) {
                for (Object cert : certs) {
                    // A TLSStore's certificates are in store "default" in Traefik; jwtgate has that one store.
                    if (cert instanceof Map<?, ?> m && List.of("default").equals(m.get("stores"))) {
                        ((Map<String, Object>) m).remove("stores");
                    }
                }
            }
        }
        return normalize(unqualify(copy), true);
    }

    private static Object unqualify(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(CrdNames.local(String.valueOf(k)), unqualify(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(TraefikCrdShape::unqualify).toList();
        }
        return v instanceof String s ? CrdNames.local(s) : v;
    }

    private static Object deepCopy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), deepCopy(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(deepCopy(x)));
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalize(Object root, boolean goDurations) {
        Map<String, Object> m = (Map<String, Object>) deepCopy(root);
        Map<String, Object> http = (Map<String, Object>) m.computeIfAbsent("http", k -> new LinkedHashMap<>());
        if (http.get("services") instanceof Map<?, ?> services) {
            for (Object s : services.values()) {
                if (s instanceof Map<?, ?> svc) {
                    defaults((Map<String, Object>) svc);
                }
            }
        }
        if (http.get("middlewares") instanceof Map<?, ?> middlewares) {
            for (Object mw : middlewares.values()) {
                if (mw instanceof Map<?, ?> mm && mm.get("forwardAuth") instanceof Map<?, ?> fa) {
                    ((Map<String, Object>) fa).putIfAbsent("maxBodySize", -1); // ForwardAuth.SetDefaults
                }
            }
        }
        if (http.get("serversTransports") instanceof Map<?, ?> transports) {
            for (Object t : transports.values()) {
                if (t instanceof Map<?, ?> st) {
                    Map<String, Object> ft = (Map<String, Object>) ((Map<String, Object>) st).computeIfAbsent("forwardingTimeouts",
                            k -> new LinkedHashMap<>());
                    ft.putIfAbsent("dialTimeout", "30s");
                    ft.putIfAbsent("idleConnTimeout", "90s");
                    ft.putIfAbsent("pingTimeout", "15s");
                }
            }
        }
        if (m.get("tcp") instanceof Map<?, ?> tcp) {
            TraefikCrdTcpShape.defaults((Map<String, Object>) tcp);
        }
        if (m.get("tls") instanceof Map<?, ?> tls && tls.get("certificates") instanceof List<?> certs) {
            List<Object> sorted = new ArrayList<>(certs);
            sorted.sort(Comparator.comparing(String::valueOf));
            ((Map<String, Object>) tls).put("certificates", sorted);
        }
        return (Map<String, Object>) clean(m, null, goDurations);
    }

    @SuppressWarnings("unchecked")
    private static void defaults(Map<String, Object> svc) {
        if (svc.get("loadBalancer") instanceof Map<?, ?> lbm) {
            Map<String, Object> lb = (Map<String, Object>) lbm;
            lb.putIfAbsent("strategy", "wrr");
            lb.putIfAbsent("passHostHeader", true);
            Map<String, Object> rf = (Map<String, Object>) lb.computeIfAbsent("responseForwarding", k -> new LinkedHashMap<>());
            rf.putIfAbsent("flushInterval", "100ms");
            cookie(lb);
            if (lb.get("healthCheck") instanceof Map<?, ?> hcm) {
                Map<String, Object> hc = (Map<String, Object>) hcm;
                hc.putIfAbsent("followRedirects", true);
                hc.putIfAbsent("mode", "http");
                hc.putIfAbsent("interval", "30s");
                hc.putIfAbsent("timeout", "5s");
                hc.putIfAbsent("unhealthyInterval", hc.get("interval"));
            }
        }
        if (svc.get("weighted") instanceof Map<?, ?> w) {
            cookie((Map<String, Object>) w);
            if (w.get("services") instanceof List<?> members) {
                for (Object member : members) {
                    ((Map<String, Object>) member).putIfAbsent("weight", 1);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void cookie(Map<String, Object> holder) {
        if (holder.get("sticky") instanceof Map<?, ?> s && s.get("cookie") instanceof Map<?, ?> c) {
            ((Map<String, Object>) c).putIfAbsent("path", "/");
        }
    }

    /** Drops empty values; numbers as long (or double); durations as nanoseconds. */
    private static Object clean(Object v, String key, boolean goDurations) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, x) -> {
                Object c = clean(x, String.valueOf(k), goDurations);
                if (c != null) {
                    out.put(String.valueOf(k), c);
                }
            });
            return out.isEmpty() && !"tls".equals(key) ? null : out; // a router's tls: {} means TLS
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                Object c = clean(x, null, goDurations);
                out.add(c == null ? Map.of() : c);
            }
            return out.isEmpty() ? null : out;
        }
        if (key != null && DURATIONS.contains(key) && v != null) {
            if (v instanceof Number n) {
                long value = n.longValue();
                if (value == 0) {
                    return null;
                }
                return goDurations ? value : value * 1_000_000_000L; // a bare number in a file is seconds
            }
            try {
                long nanos = GoDuration.parse(String.valueOf(v)).toNanos();
                return nanos == 0 ? null : nanos;
            } catch (RuntimeException e) {
                return v;
            }
        }
        if (v instanceof Number n) {
            if (n.doubleValue() == 0) {
                return null; // Go's zero values print as absent ones
            }
            return n.doubleValue() == Math.rint(n.doubleValue()) ? (Object) n.longValue() : (Object) n.doubleValue();
        }
        if (v instanceof String s && s.isEmpty()) {
            return null;
        }
        if (Boolean.FALSE.equals(v)) {
            return null; // likewise false
        }
        return v;
    }
}
