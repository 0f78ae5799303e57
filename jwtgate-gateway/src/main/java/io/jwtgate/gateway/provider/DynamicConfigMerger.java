package io.jwtgate.gateway.provider;

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

/**
 * Merges the snapshots of several providers; names are provider-qualified, so they cannot collide,
 * except the TLS options named {@code default}, which are global: defined by two providers, they
 * are defined by none, and every connection that would use them is refused (Traefik's rule).
 */
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
        Map<String, TlsOptionsConfig> tlsOptions = new LinkedHashMap<>();
        List<ConfigException> errors = new ArrayList<>();
        List<TlsOptionsConfig> defaults = new ArrayList<>();
        Map<String, ServersTransportConfig> transports = new LinkedHashMap<>();
        CertificateConfig defaultCertificate = null;
        Map<String, TcpConfig.Router> tcpRouters = new LinkedHashMap<>();
        Map<String, TcpConfig.Service> tcpServices = new LinkedHashMap<>();
        for (DynamicConfig c : snapshots) {
            tcpRouters.putAll(c.tcp().routers());
            tcpServices.putAll(c.tcp().services());
            transports.putAll(c.serversTransports());
            routers.putAll(c.routers());
            services.putAll(c.services());
            middlewares.putAll(c.middlewares());
            certificates.addAll(c.certificates());
            tlsOptions.putAll(c.tlsOptions());
            errors.addAll(c.errors());
            if (c.defaultCertificate() != null) {
                defaultCertificate = c.defaultCertificate();
            }
            if (c.tlsOptions().containsKey(TlsOptionsConfig.DEFAULT)) {
                defaults.add(c.tlsOptions().get(TlsOptionsConfig.DEFAULT));
            }
        }
        if (defaults.size() > 1) {
            List<String> where = defaults.stream().map(d -> d.provider() + " (" + d.source() + ")").toList();
            ConfigException e = new ConfigException(defaults.get(0).source(), "tls.options.default", "the default TLS options are"
                    + " defined by several providers " + where + ", so none apply: every TLS connection that would use them is refused",
                    "define `default` in one provider only");
            errors.add(e);
            tlsOptions.put(TlsOptionsConfig.DEFAULT, TlsOptionsConfig.broken(TlsOptionsConfig.DEFAULT, defaults.get(0).source(), null, e));
        }
        return new DynamicConfig(routers, services, middlewares, certificates, defaultCertificate, tlsOptions, errors, transports,
                new TcpConfig(tcpRouters, tcpServices));
    }
}
