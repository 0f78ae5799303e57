package io.jwtgate.gateway.config.dynamic;

import io.jwtgate.gateway.config.TlsDomain;
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
 * @param certResolver {@code tls.certResolver}: the certificate resolver that obtains its certificates, or null
 * @param domains     {@code tls.domains}: the certificates to obtain (else the names of the rule's {@code Host} matchers)
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
        String certResolver,
        List<TlsDomain> domains) {

    public RouterConfig {
        entryPoints = List.copyOf(entryPoints);
        middlewares = List.copyOf(middlewares);
        domains = domains == null ? List.of() : List.copyOf(domains);
    }

    /** Without a certificate resolver. */
    public RouterConfig(String name, String rule, List<String> entryPoints, List<String> middlewares, String service, int priority,
                        boolean tls, String tlsOptions, String source, ConfigException error) {
        this(name, rule, entryPoints, middlewares, service, priority, tls, tlsOptions, source, error, null, List.of());
    }

    public static RouterConfig broken(String name, String source, ConfigException error) {
        return new RouterConfig(name, null, List.of(), List.of(), null, 0, false, null, source, error);
    }
}
