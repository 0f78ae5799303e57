package io.jwtgate.gateway.config.dynamic;

import io.jwtgate.gateway.config.statics.ServersTransportConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.util.List;
import java.util.Map;

/**
 * The dynamic configuration: routers, services, middlewares, servers transports and certificates, as merged from
 * every provider. Element names are qualified ({@code name@provider}). Broken elements stay in the
 * maps with their error so that what depends on them fails closed and reports why.
 */
public record DynamicConfig(
        Map<String, RouterConfig> routers,
        Map<String, ServiceConfig> services,
        Map<String, MiddlewareConfig> middlewares,
        List<CertificateConfig> certificates,
        CertificateConfig defaultCertificate,
        List<ConfigException> errors,
        Map<String, ServersTransportConfig> serversTransports) {

    public DynamicConfig {
        serversTransports = Map.copyOf(serversTransports);
        routers = Map.copyOf(routers);
        services = Map.copyOf(services);
        middlewares = Map.copyOf(middlewares);
        certificates = List.copyOf(certificates);
        errors = List.copyOf(errors);
    }

    /** Without {@code http.serversTransports} (providers that have none). */
    public DynamicConfig(Map<String, RouterConfig> routers, Map<String, ServiceConfig> services, Map<String, MiddlewareConfig> middlewares,
                         List<CertificateConfig> certificates, CertificateConfig defaultCertificate, List<ConfigException> errors) {
        this(routers, services, middlewares, certificates, defaultCertificate, errors, Map.of());
    }

    public static DynamicConfig empty() {
        return new DynamicConfig(Map.of(), Map.of(), Map.of(), List.of(), null, List.of());
    }
}
