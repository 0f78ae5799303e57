package io.jwtgate.gateway.provider;

import io.jwtgate.gateway.config.dynamic.CertificateConfig;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.config.dynamic.RouterConfig;
import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.gateway.config.statics.ServersTransportConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merges the snapshots of several providers; names are provider-qualified, so they cannot collide. */
public final class DynamicConfigMerger {

    private DynamicConfigMerger() {}

    public static DynamicConfig merge(List<DynamicConfig> snapshots) {
        if (snapshots.size() == 1) {
            return snapshots.get(0);
        }
        Map<String, RouterConfig> routers = new LinkedHashMap<>();
        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        Map<String, MiddlewareConfig> middlewares = new LinkedHashMap<>();
        List<CertificateConfig> certificates = new ArrayList<>();
        List<ConfigException> errors = new ArrayList<>();
        Map<String, ServersTransportConfig> transports = new LinkedHashMap<>();
        CertificateConfig defaultCertificate = null;
        for (DynamicConfig c : snapshots) {
            transports.putAll(c.serversTransports());
            routers.putAll(c.routers());
            services.putAll(c.services());
            middlewares.putAll(c.middlewares());
            certificates.addAll(c.certificates());
            errors.addAll(c.errors());
            if (c.defaultCertificate() != null) {
                defaultCertificate = c.defaultCertificate();
            }
        }
        return new DynamicConfig(routers, services, middlewares, certificates, defaultCertificate, errors, transports);
    }
}
