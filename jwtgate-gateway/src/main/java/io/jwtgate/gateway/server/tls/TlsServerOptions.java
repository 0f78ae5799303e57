package io.jwtgate.gateway.server.tls;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.runtime.tls.SniOptions;
import io.jwtgate.gateway.runtime.tls.TlsOptionsRef;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLSession;

/**
 * The TLS setup of an entry point: Traefik's TLS options applied per connection by SNI (see
 * {@link SniKeyCertOptions}), on the JDK engine. Vert.x enables every protocol version on each
 * engine; each set of options narrows it to its {@code minVersion}..{@code maxVersion}, and the JDK
 * keeps refusing the versions {@code jdk.tls.disabledAlgorithms} disables.
 */
public final class TlsServerOptions {

    static final Set<String> PROTOCOLS = Set.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private static final SSLEngineOptions ENGINE = new OptionsEngineOptions();

    private TlsServerOptions() {}

    /** Makes {@code options} a TLS listener for these certificates and options. */
    public static HttpServerOptions configure(HttpServerOptions options, TlsCertificates certificates, SniOptions sni) {
        options.setSsl(true)
                .setUseAlpn(true)
                .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                .setSni(true)
                .setSslEngineOptions(ENGINE)
                .setKeyCertOptions(new SniKeyCertOptions(certificates, sni))
                .setEnabledSecureTransportProtocols(PROTOCOLS);
        return options;
    }

    /** For {@code HttpServer.updateSSLOptions}: new connections get these, current ones keep theirs. */
    public static ServerSSLOptions update(TlsCertificates certificates, SniOptions sni) {
        return new ServerSSLOptions().setKeyCertOptions(new SniKeyCertOptions(certificates, sni)).setSni(true).setUseAlpn(true)
                .setApplicationLayerProtocols(List.of("h2", "http/1.1")).setEnabledSecureTransportProtocols(PROTOCOLS);
    }

    /** The TLS options the connection of this session was set up with, or null. */
    public static TlsOptionsRef negotiated(SSLSession session) {
        return NegotiatedOptions.of(session);
    }
}
