package io.jwtgate.gateway.config.dynamic;

import io.jwtgate.jwt.config.ConfigException;
import java.util.List;

/**
 * {@code http.routers.<name>}. Names are qualified with their provider ({@code my-router@file}).
 *
 * @param entryPoints empty means every entry point (Traefik's default)
 * @param priority    0 means "the length of the rule" (Traefik's default)
 * @param tls         the router declares {@code tls}: it is served on TLS entry points
 * @param tlsOptions  {@code tls.options}: {@code default} or a qualified name ({@code foo@file}); null when not written
 * @param error       set when the definition itself is invalid; such a router is never served
 * @param parentRefs  multi-layer routing: the (qualified) routers this one is a child of; empty for a root router.
 *                    A parent has no {@code service} (null): its children route what its middlewares let through
 */
public record RouterConfig(
        String name,
        String rule,
        List<String> entryPoints,
        List<String> middlewares,
        String service,
        int priority,
        boolean tls,
        String tlsOptions,
        String source,
        ConfigException error,
        List<String> parentRefs) {

    public RouterConfig {
        entryPoints = List.copyOf(entryPoints);
        middlewares = List.copyOf(middlewares);
        parentRefs = List.copyOf(parentRefs);
    }

    /** A root router (no parents). */
    public RouterConfig(String name, String rule, List<String> entryPoints, List<String> middlewares, String service, int priority,
                        boolean tls, String tlsOptions, String source, ConfigException error) {
        this(name, rule, entryPoints, middlewares, service, priority, tls, tlsOptions, source, error, List.of());
    }

    public boolean isChild() {
        return !parentRefs.isEmpty();
    }

    public static RouterConfig broken(String name, String source, ConfigException error) {
        return new RouterConfig(name, null, List.of(), List.of(), null, 0, false, null, source, error);
    }
}
