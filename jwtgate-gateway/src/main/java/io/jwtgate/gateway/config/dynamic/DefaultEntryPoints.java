package io.jwtgate.gateway.config.dynamic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traefik's default entry points: a router (HTTP or TCP) that names none is served on the entry points with
 * {@code asDefault: true}; when no entry point has it, on every entry point (the router keeps its empty list,
 * which the runtime reads as "all"). Child routers ({@code parentRefs}) take their parents' entry points instead.
 */
public final class DefaultEntryPoints {

    private DefaultEntryPoints() {}

    /** @param asDefault the names of the entry points with {@code asDefault}, in the static configuration's order; may be empty */
    public static DynamicConfig apply(DynamicConfig config, List<String> asDefault) {
        if (asDefault.isEmpty()) {
            return config;
        }
        Map<String, RouterConfig> routers = new LinkedHashMap<>();
        config.routers().forEach((name, r) -> routers.put(name, r.entryPoints().isEmpty() && r.parentRefs().isEmpty() ? withEntryPoints(r, asDefault) : r));
        Map<String, TcpConfig.Router> tcp = new LinkedHashMap<>();
        config.tcp().routers().forEach((name, r) -> tcp.put(name, r.entryPoints().isEmpty()
                ? new TcpConfig.Router(r.name(), r.rule(), asDefault, r.service(), r.priority(), r.tls(), r.source(), r.error()) : r));
        return new DynamicConfig(routers, config.services(), config.middlewares(), config.certificates(), config.defaultCertificate(),
                config.tlsOptions(), config.errors(), config.serversTransports(), new TcpConfig(tcp, config.tcp().services()));
    }

    private static RouterConfig withEntryPoints(RouterConfig r, List<String> entryPoints) {
        return new RouterConfig(r.name(), r.rule(), entryPoints, r.middlewares(), r.service(), r.priority(), r.tls(), r.tlsOptions(), r.source(),
                r.error(), r.ruleSyntax(), r.parentRefs(), r.certResolver(), r.domains());
    }
}
