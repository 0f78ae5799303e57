package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.dynamic.CertificateConfig;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.config.dynamic.RouterConfig;
import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.gateway.config.dynamic.TlsOptionsConfig;
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
    final List<ConfigException> errors = new ArrayList<>();

    DynamicConfig build() {
        return new DynamicConfig(routers, services, middlewares, new ArrayList<>(certificates.values()), null, tlsOptions, errors);
    }
}
