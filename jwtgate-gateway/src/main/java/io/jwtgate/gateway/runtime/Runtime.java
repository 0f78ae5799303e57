package io.jwtgate.gateway.runtime;

import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.proxy.ServiceHandler;
import io.jwtgate.gateway.proxy.ServiceLookup;
import io.jwtgate.gateway.runtime.tls.SniOptions;
import java.util.List;
import java.util.Map;

/**
 * An immutable, ready-to-serve snapshot of the dynamic configuration. Entry points hold a
 * reference to the current one; a request keeps the snapshot it started with, so a reload never
 * changes a request half-way.
 *
 * @param routersByEntryPoint routers in match order (priority, then name) for each entry point
 * @param routes              the same routers split by the kind of connection they serve (cleartext, TLS)
 * @param middlewares         built middlewares by fingerprint, reused by the next build when unchanged
 * @param services            built services by fingerprint, likewise
 * @param servicesByName      the same services by qualified name, and the {@code @internal} ones, for {@link ServiceLookup}
 * @param tls                 the TLS options of each TLS entry point by SNI name
 * @param config              the dynamic configuration this runtime was built from (for the admin API)
 * @param errors              why an element (router, middleware or service name) is disabled
 */
public record Runtime(
        Map<String, List<RouterRuntime>> routersByEntryPoint,
        Map<String, EntryPointRoutes> routes,
        Map<String, Middleware> middlewares,
        Map<String, ServiceHandler> services,
        Map<String, ServiceHandler> servicesByName,
        TlsCertificates certificates,
        Map<String, SniOptions> tls,
        DynamicConfig config,
        Map<String, String> errors) implements ServiceLookup {

    public Runtime {
        Map<String, List<RouterRuntime>> routers = new java.util.LinkedHashMap<>();
        routersByEntryPoint.forEach((ep, list) -> routers.put(ep, List.copyOf(list)));
        routersByEntryPoint = java.util.Collections.unmodifiableMap(routers);
        routes = Map.copyOf(routes);
        middlewares = Map.copyOf(middlewares);
        services = Map.copyOf(services);
        servicesByName = Map.copyOf(servicesByName);
        tls = Map.copyOf(tls);
        errors = Map.copyOf(errors);
    }

    public static Runtime empty() {
        return new Runtime(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), TlsCertificates.none(), Map.of(), DynamicConfig.empty(), Map.of());
    }

    /** This runtime with other certificates (the certificate resolvers' ones added as they are obtained). */
    public Runtime withCertificates(TlsCertificates next) {
        return new Runtime(routersByEntryPoint, routes, middlewares, services, servicesByName, next, tls, config, errors);
    }

    /** The first router of this entry point whose rule matches, or null. */
    public RouterRuntime match(String entryPoint, Exchange exchange) {
        return match(entryPoint, exchange.isTls(), exchange);
    }

    /** The first router of this entry point serving this kind of connection whose rule matches, or null. */
    public RouterRuntime match(String entryPoint, boolean tls, Exchange exchange) {
        EntryPointRoutes split = routes.get(entryPoint);
        if (split == null) {
            return null;
        }
        return split.index(tls).match(exchange);
    }

    /** What an entry point serves, split by the kind of connection. */
    public EntryPointRoutes routes(String entryPoint) {
        return routes.getOrDefault(entryPoint, EntryPointRoutes.NONE);
    }

    /** Whether an entry point has TLS to offer (an SNI table): {@code http.tls}, or routers that declare {@code tls}. */
    public boolean servesTls(String entryPoint) {
        return tls.containsKey(entryPoint);
    }

    /** The SNI table of a TLS entry point; every handshake fails when there is none (no configuration yet). */
    public SniOptions tls(String entryPoint) {
        SniOptions sni = tls.get(entryPoint);
        return sni != null ? sni : SniOptions.refuseAll("no configuration is loaded for entry point " + entryPoint);
    }

    @Override
    public ServiceHandler service(String qualifiedName) {
        return servicesByName.get(qualifiedName);
    }
}
