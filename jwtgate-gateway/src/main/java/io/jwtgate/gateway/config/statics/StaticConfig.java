package io.jwtgate.gateway.config.statics;

import io.jwtgate.gateway.config.ConfigNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * The static configuration: what is fixed for the life of the process (Traefik's {@code traefik.yml}).
 *
 * @param inlineDynamic {@code http}/{@code tls} sections written in the static file itself (single-file form), or null
 * @param baseDirectory directory of the static file; relative paths inside it resolve from there
 * @param kubernetesCrd {@code providers.kubernetesCRD}, or null
 * @param metrics       {@code metrics.prometheus}, or null
 * @param api           {@code api}, or null
 * @param jwtEngine     {@code jwt}: crypto providers and the verified-token cache (defaults when absent)
 * @param acme          {@code certificatesResolvers} and the entry points' {@code http.tls.certResolver} ({@link AcmeConfig#NONE} when absent)
 * @param ioTransport   {@code ioTransport}: the event loops' I/O transport ({@link IoTransportChoice#AUTO} when absent)
 */
public record StaticConfig(
        Map<String, EntryPointConfig> entryPoints,
        FileProviderConfig fileProvider,
        LogConfig log,
        AccessLogConfig accessLog,
        PingConfig ping,
        ServersTransportConfig serversTransport,
        DemoBackendConfig demoBackend,
        ConfigNode inlineDynamic,
        Path baseDirectory,
        String source,
        KubernetesCrdConfig kubernetesCrd,
        MetricsConfig metrics,
        ApiConfig api,
        JwtEngineConfig jwtEngine,
        String defaultRuleSyntax,
        AcmeConfig acme,
        ProvidersPrecedence providersPrecedence,
        IoTransportChoice ioTransport) {

    public StaticConfig {
        entryPoints = Map.copyOf(entryPoints);
        jwtEngine = jwtEngine == null ? JwtEngineConfig.DEFAULTS : jwtEngine;
        defaultRuleSyntax = defaultRuleSyntax == null ? "v3" : defaultRuleSyntax;
        acme = acme == null ? AcmeConfig.NONE : acme;
        providersPrecedence = providersPrecedence == null ? ProvidersPrecedence.DEFAULT : providersPrecedence;
        ioTransport = ioTransport == null ? IoTransportChoice.AUTO : ioTransport;
    }

    /** The entry points with {@code asDefault}, by name; empty when none has it (routers without entryPoints are then on all). */
    public java.util.List<String> defaultEntryPoints() {
        return entryPoints.values().stream().filter(EntryPointConfig::asDefault).map(EntryPointConfig::name).sorted().toList();
    }

    /** With Traefik's default rule syntax, v3, and without certificate resolvers. */
    public StaticConfig(Map<String, EntryPointConfig> entryPoints, FileProviderConfig fileProvider, LogConfig log,
                        AccessLogConfig accessLog, PingConfig ping, ServersTransportConfig serversTransport,
                        DemoBackendConfig demoBackend, ConfigNode inlineDynamic, Path baseDirectory, String source,
                        KubernetesCrdConfig kubernetesCrd, MetricsConfig metrics, ApiConfig api, JwtEngineConfig jwtEngine) {
        this(entryPoints, fileProvider, log, accessLog, ping, serversTransport, demoBackend, inlineDynamic, baseDirectory, source,
                kubernetesCrd, metrics, api, jwtEngine, null, null, null, null);
    }

    /** Without {@code providers.kubernetesCRD}. */
    public StaticConfig(Map<String, EntryPointConfig> entryPoints, FileProviderConfig fileProvider, LogConfig log,
                        AccessLogConfig accessLog, PingConfig ping, ServersTransportConfig serversTransport,
                        DemoBackendConfig demoBackend, ConfigNode inlineDynamic, Path baseDirectory, String source) {
        this(entryPoints, fileProvider, log, accessLog, ping, serversTransport, demoBackend, inlineDynamic, baseDirectory, source,
                null, null, null, null);
    }
}
