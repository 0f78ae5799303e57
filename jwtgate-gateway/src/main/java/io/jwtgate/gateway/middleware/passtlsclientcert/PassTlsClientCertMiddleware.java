package io.jwtgate.gateway.middleware.passtlsclientcert;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.middleware.RegisteredType;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traefik's {@code passTLSClientCert}: the client's TLS certificates, as the connection received
 * them, go to the backend in {@code X-Forwarded-Tls-Client-Cert} ({@code pem}) and/or selected
 * fields of them in {@code X-Forwarded-Tls-Client-Cert-Info} ({@code info}); see
 * {@link ClientCertHeaders}. Each header replaces any value of that name. Without client
 * certificates (plain HTTP, or none presented) the request goes on without them, as in Traefik.
 *
 * <p>A client cannot forge either header: the entry point removes both from every request of an
 * untrusted peer (forwardedHeaders, as Traefik), before any middleware runs.
 */
public final class PassTlsClientCertMiddleware implements Middleware {

    private static final Logger LOG = LoggerFactory.getLogger(PassTlsClientCertMiddleware.class);

    public static final RegisteredType TYPE = new RegisteredType("passTLSClientCert", "configuration.md#passtlsclientcert",
            (config, ctx) -> new PassTlsClientCertMiddleware(config.name(), PassTlsClientCertOptions.parse(config.options(), ctx.warnings())));

    private final String name;
    private final PassTlsClientCertOptions options;

    PassTlsClientCertMiddleware(String name, PassTlsClientCertOptions options) {
        this.name = name;
        this.options = options;
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        if (!options.pem() && options.info() == null) {
            next.proceed();
            return;
        }
        List<byte[]> chain;
        Map<String, String> headers;
        try {
            chain = exchange.isTls() ? peerChain(exchange.request().sslSession()) : List.of();
            headers = ClientCertHeaders.of(options, chain);
        } catch (RuntimeException e) {
            // The TLS layer took it, but it is not X.509 DER we can read (Go would have refused the handshake).
            LOG.debug("middleware {}: unreadable client certificate: {}", name, e.toString());
            Responses.answer(exchange, 400, "text/plain; charset=utf-8", "Bad Request: unreadable client certificate");
            return;
        }
        if (chain.isEmpty()) {
            LOG.debug("middleware {}: tried to extract a certificate on a request without mutual TLS", name);
        }
        headers.forEach(exchange.upstream().headers()::set);
        next.proceed();
    }

    /** The DER of the certificates the client presented, leaf first; empty when it presented none. */
    private static List<byte[]> peerChain(SSLSession session) {
        if (session == null) {
            return List.of();
        }
        Certificate[] certificates;
        try {
            certificates = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return List.of(); // no certificate was asked for, or the client sent none
        }
        List<byte[]> chain = new ArrayList<>(certificates.length);
        for (Certificate c : certificates) {
            try {
                chain.add(c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException(e); // not expected of the X.509 certificates of a TLS session
            }
        }
        return chain;
    }
}
