package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.statics.ServersTransportConfig;
import io.jwtgate.gateway.pem.PemClientKeys;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The HTTP clients (and so the keep-alive pools) of one servers transport on one event loop:
 * cleartext HTTP/1.1 on the gateway's own connections ({@link Http1Connections}); Vert.x's clients
 * for HTTP/1.1 upgrades (WebSocket), h2c with prior knowledge and HTTPS; each created on first use. A transport's TLS
 * settings are the client's: trusted CAs (or none checked), client certificates for backends
 * that ask for one, HTTP/2 through ALPN unless disabled, and the peer's URI SAN.
 */
final class BackendClients implements AutoCloseable {

    private final ContextInternal context;
    private final Vertx vertx;
    final ServersTransportConfig transport;
    private final PemClientKeys clientKeys;
    private final HttpClient http1;
    private Http1Connections http1Connections;
    private HttpClient h2c;
    private HttpClient https;
    /** When a request last used these clients (System.nanoTime): unused named transports are closed. */
    long lastUsed = System.nanoTime();

    /** The clients of an event loop's forwarder: {@link #http1()} opens connections on {@code context}'s loop. */
    BackendClients(ContextInternal context, ServersTransportConfig transport) {
        this(context.owner(), context, transport);
    }

    /** Vert.x's clients only (health checks): no {@link #http1()}. */
    BackendClients(Vertx vertx, ServersTransportConfig transport) {
        this(vertx, null, transport);
    }

    private BackendClients(Vertx vertx, ContextInternal context, ServersTransportConfig transport) {
        this.context = context;
        this.vertx = vertx;
        this.transport = transport;
        List<ServersTransportConfig.ClientCertificate> certificates = transport.certificates();
        // One set of key managers for the three clients, built on their first TLS connection.
        this.clientKeys = certificates.isEmpty() ? null : new PemClientKeys(
                certificates.stream().map(ServersTransportConfig.ClientCertificate::certFile).toList(),
                certificates.stream().map(ServersTransportConfig.ClientCertificate::keyFile).toList());
        this.http1 = vertx.createHttpClient(options(HttpVersion.HTTP_1_1), pool());
    }

    /** Keep-alive connections to cleartext HTTP/1.1 backends, the proxy's common case (see {@link Http1Connections}). */
    Http1Connections http1() {
        lastUsed = System.nanoTime();
        if (http1Connections == null) {
            if (context == null) {
                throw new IllegalStateException("these clients belong to no event loop");
            }
            http1Connections = new Http1Connections(context, transport);
        }
        return http1Connections;
    }

    /**
     * h2c targets speak HTTP/2 with prior knowledge; https targets negotiate HTTP/2 or HTTP/1.1
     * through ALPN, as Go's transport does for Traefik (gRPC over TLS needs HTTP/2), except a
     * WebSocket upgrade, which needs HTTP/1.1, and a transport with {@code disableHTTP2}.
     */
    HttpClient clientFor(Forwarder.Target target, boolean upgrade) {
        lastUsed = System.nanoTime();
        if (target.h2c()) {
            if (h2c == null) {
                h2c = vertx.createHttpClient(options(HttpVersion.HTTP_2), pool());
            }
            return h2c;
        }
        if (target.tls() && !upgrade && !transport.disableHttp2()) {
            if (https == null) {
                https = vertx.createHttpClient(options(HttpVersion.HTTP_2).setUseAlpn(true), pool());
            }
            return https;
        }
        return http1;
    }

    private HttpClientOptions options(HttpVersion version) {
        HttpClientOptions o = new HttpClientOptions()
                .setProtocolVersion(version)
                .setKeepAlive(true)
                .setDecompressionSupported(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, transport.dialTimeout().toMillis()))
                .setIdleTimeout((int) transport.idleConnTimeout().toSeconds())
                .setForceSni(true)
                .setMaxHeaderSize(1 << 20)
                .setMaxInitialLineLength(64 * 1024);
        if (version == HttpVersion.HTTP_2) {
            o.setHttp2ClearTextUpgrade(false);
        }
        if (!transport.peerCertSans().isEmpty()) {
            o.setTrustOptions(TrustOptions.wrap(PeerSanTrustManager.of(transport.rootCAs(), transport.peerCertSans(),
                    transport.insecureSkipVerify())));
            o.setVerifyHost(!transport.insecureSkipVerify());
        } else if (transport.insecureSkipVerify()) {
            o.setTrustAll(true).setVerifyHost(false);
        } else if (!transport.rootCAs().isEmpty()) {
            o.setTrustOptions(pemTrust(transport.rootCAs()));
        }
        if (transport.minVersion() != null || transport.maxVersion() != null) {
            String min = transport.minVersion() == null ? "TLSv1.2" : transport.minVersion();
            String max = transport.maxVersion() == null ? "TLSv1.3" : transport.maxVersion();
            Set<String> versions = new LinkedHashSet<>();
            for (String v : List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")) {
                if (v.compareTo(min) >= 0 && v.compareTo(max) <= 0) {
                    versions.add(v);
                }
            }
            o.setEnabledSecureTransportProtocols(versions);
        }
        if (clientKeys != null) {
            o.setKeyCertOptions(clientKeys);
        }
        return o;
    }

    private static PemTrustOptions pemTrust(List<String> cas) {
        PemTrustOptions trust = new PemTrustOptions();
        for (String ca : cas) {
            addPem(ca, trust::addCertValue, trust::addCertPath);
        }
        return trust;
    }

    /** Traefik's file-or-content fields: inline PEM when it holds a PEM header, else a file path. */
    private static void addPem(String value, java.util.function.Consumer<Buffer> inline, java.util.function.Consumer<String> path) {
        if (value.contains("-----BEGIN")) {
            inline.accept(Buffer.buffer(value));
        } else {
            path.accept(value);
        }
    }

    private PoolOptions pool() {
        return new PoolOptions().setHttp1MaxSize(Math.max(1, transport.maxIdleConnsPerHost())).setHttp2MaxSize(4);
    }

    @Override
    public void close() {
        http1.close();
        if (http1Connections != null) {
            http1Connections.close();
        }
        if (h2c != null) {
            h2c.close();
        }
        if (https != null) {
            https.close();
        }
    }
}
