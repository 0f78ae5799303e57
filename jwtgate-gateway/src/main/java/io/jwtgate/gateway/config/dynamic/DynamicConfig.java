package io.jwtgate.gateway.config.dynamic;

import io.jwtgate.gateway.config.statics.ServersTransportConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.util.List;
import java.util.Map;

/**
 * The dynamic configuration: routers, services, middlewares, certificates, TLS options, servers
 * transports and the {@code tcp} section, as merged from every provider. Element names are qualified ({@code name@provider}).
 * Broken elements stay in the maps with their error so that what depends on them fails closed and
 * reports why.
 */
public record DynamicConfig(
        Map<String, RouterConfig> routers,
        Map<String, ServiceConfig> services,
        Map<String, MiddlewareConfig> middlewares,
        List<CertificateConfig> certificates,
        CertificateConfig defaultCertificate,
        Map<String, TlsOptionsConfig> tlsOptions,
        List<ConfigException> errors,
        Map<String, ServersTransportConfig> serversTransports,
        TcpConfig tcp) {

    public DynamicConfig {
        routers = Map.copyOf(routers);
        services = Map.copyOf(services);
        middlewares = Map.copyOf(middlewares);
        certificates = List.copyOf(certificates);
        tlsOptions = Map.copyOf(tlsOptions);
        errors = List.copyOf(errors);
        serversTransports = Map.copyOf(serversTransports);
        tcp = tcp == null ? TcpConfig.EMPTY : tcp;
    }

    /** Without a {@code tcp} section. */
    public DynamicConfig(Map<String, RouterConfig> routers, Map<String, ServiceConfig> services, Map<String, MiddlewareConfig> middlewares,
                         List<CertificateConfig> certificates, CertificateConfig defaultCertificate, Map<String, TlsOptionsConfig> tlsOptions,
                         List<ConfigException> errors, Map<String, ServersTransportConfig> serversTransports) {
        this(routers, services, middlewares, certificates, defaultCertificate, tlsOptions, errors, serversTransports, TcpConfig.EMPTY);
    }

    /** Without {@code http.serversTransports} (providers that have none). */
    public DynamicConfig(Map<String, RouterConfig> routers, Map<String, ServiceConfig> services, Map<String, MiddlewareConfig> middlewares,
                         List<CertificateConfig> certificates, CertificateConfig defaultCertificate, Map<String, TlsOptionsConfig> tlsOptions,
                         List<ConfigException> errors) {
        this(routers, services, middlewares, certificates, defaultCertificate, tlsOptions, errors, Map.of());
    }

    public static DynamicConfig empty() {
        return new DynamicConfig(Map.of(), Map.of(), Map.of(), List.of(), null, Map.of(), List.of());
    }
}
