package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.dynamic.CertificateConfig;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.config.dynamic.RouterConfig;
import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.gateway.config.dynamic.TcpConfig;
import io.jwtgate.gateway.config.dynamic.TlsOptionsConfig;
import io.jwtgate.gateway.config.statics.ServersTransportConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the translators produce while one snapshot is built; {@link #build} freezes it. */
final class CrdOutput {

    final Map<String, RouterConfig> routers = new LinkedHashMap<>();
    final Map<String, ServiceConfig> services = new LinkedHashMap<>();
    final Map<String, MiddlewareConfig> middlewares = new LinkedHashMap<>();
    final Map<String, CertificateConfig> certificates = new LinkedHashMap<>();
    final Map<String, TlsOptionsConfig> tlsOptions = new LinkedHashMap<>();
    final Map<String, ServersTransportConfig> serversTransports = new LinkedHashMap<>();
    /** Each ServersTransport as the file entry it became (before parsing), for diagnostics and the Traefik comparison. */
    final Map<String, Map<String, Object>> serversTransportOptions = new LinkedHashMap<>();
    /** A route's service-level middlewares, which jwtgate runs at the end of the router's chain (router name → names). */
    final Map<String, List<String>> serviceMiddlewares = new LinkedHashMap<>();
    final Map<String, TcpConfig.Router> tcpRouters = new LinkedHashMap<>();
    final Map<String, TcpConfig.Service> tcpServices = new LinkedHashMap<>();
    final List<ConfigException> errors = new ArrayList<>();
    CertificateConfig defaultCertificate;

    DynamicConfig build() {
        return new DynamicConfig(routers, services, middlewares, new ArrayList<>(certificates.values()), defaultCertificate, tlsOptions,
                errors, serversTransports, new TcpConfig(tcpRouters, tcpServices));
    }
}
