package io.jwtgate.gateway.tls;

import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.middleware.MiddlewareType;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.stream.Collectors;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A test middleware: tells the backend ({@code X-Peer-Chain}) the client certificate chain of the
 * request's connection, as {@code passTLSClientCert} will read it ({@code connection().peerCertificates()}).
 */
final class PeerChain {

    static final String HEADER = "X-Peer-Chain";

    static final MiddlewareType TYPE = (config, context) -> (Middleware) (exchange, next) -> {
        String chain;
        try {
            chain = exchange.request().connection().peerCertificates().stream().map(PeerChain::subject).collect(Collectors.joining("|"));
        } catch (SSLPeerUnverifiedException e) {
            chain = "none";
        }
        exchange.upstream().headers().set(HEADER, chain);
        next.proceed();
    };

    private PeerChain() {}

    private static String subject(Certificate c) {
        return ((X509Certificate) c).getSubjectX500Principal().getName();
    }
}
