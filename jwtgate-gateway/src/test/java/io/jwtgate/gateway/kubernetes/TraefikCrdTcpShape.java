package io.jwtgate.gateway.kubernetes;

import io.jwtgate.gateway.config.dynamic.TcpConfig;
import io.jwtgate.gateway.config.dynamic.TlsOptionsConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Our {@code tcp} section in the shape of Traefik's {@code dynamic.TCPConfiguration}. A broken router
 * (not served) counts as absent, as Traefik drops it; a broken service counts as absent while its
 * router stays, as Traefik keeps a router whose service could not be built. jwtgate has no TCP
 * middlewares or servers transports, so those maps are always empty on our side.
 */
final class TraefikCrdTcpShape {

    private TraefikCrdTcpShape() {}

    static Map<String, Object> of(TcpConfig tcp) {
        Map<String, Object> routers = new TreeMap<>();
        for (TcpConfig.Router r : tcp.routers().values()) {
            if (r.error() != null) {
                continue;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("entryPoints", r.entryPoints());
            out.put("service", r.service());
            out.put("rule", r.rule());
            out.put("priority", (long) r.priority());
            if (r.tls() != null) {
                Map<String, Object> tls = new LinkedHashMap<>();
                tls.put("passthrough", r.tls().passthrough());
                if (!TlsOptionsConfig.DEFAULT.equals(r.tls().options())) {
                    tls.put("options", r.tls().options());
                }
                out.put("tls", tls);
            }
            routers.put(r.name(), out);
        }
        Map<String, Object> services = new TreeMap<>();
        for (TcpConfig.Service s : tcp.services().values()) {
            if (s.error() != null) {
                continue;
            }
            if (!s.weighted().isEmpty()) {
                List<Object> members = new ArrayList<>();
                s.weighted().forEach(w -> members.add(Map.of("name", w.service(), "weight", w.weight())));
                services.put(s.name(), Map.of("weighted", Map.of("services", members)));
                continue;
            }
            Map<String, Object> lb = new LinkedHashMap<>();
            List<Object> servers = new ArrayList<>();
            s.servers().forEach(a -> servers.add(Map.of("address", a)));
            lb.put("servers", servers);
            if (s.proxyProtocol() != 0) {
                lb.put("proxyProtocol", Map.of("version", s.proxyProtocol()));
            }
            services.put(s.name(), Map.of("loadBalancer", lb));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("routers", routers);
        out.put("services", services);
        return out;
    }

    /** What Traefik's {@code SetDefaults} fills in and a file leaves implicit: a weighted member's weight 1. */
    @SuppressWarnings("unchecked")
    static void defaults(Map<String, Object> tcp) {
        if (tcp.get("services") instanceof Map<?, ?> services) {
            for (Object s : services.values()) {
                if (s instanceof Map<?, ?> svc && svc.get("weighted") instanceof Map<?, ?> w && w.get("services") instanceof List<?> members) {
                    for (Object member : members) {
                        ((Map<String, Object>) member).putIfAbsent("weight", 1);
                    }
                }
            }
        }
    }
}
