package io.jwtgate.gateway.middleware.jwt;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.jwt.TokenRequest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The JWT library's view of a request: the admitted headers and query as the middlewares before
 * this one left them (the same view the router matched and the backend will receive).
 */
record ExchangeTokenRequest(Exchange exchange) implements TokenRequest {

    @Override
    public String header(String name) {
        return exchange.upstream().headers().get(name);
    }

    @Override
    public String queryParam(String name) {
        List<String> values = exchange.queryParams(name);
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public List<String> headers(String name) {
        return exchange.upstream().headers().getAll(name);
    }

    @Override
    public String method() {
        return exchange.method();
    }

    /** Scheme of the entry point, the authority the client named, the routed path (what RFC 9449's htu is compared with). */
    @Override
    public String effectiveUri() {
        String authority = exchange.authority();
        if (authority == null || authority.isEmpty()) {
            return null;
        }
        return (exchange.isTls() ? "https://" : "http://") + authority + exchange.path();
    }

    /** The leaf the client presented on a TLS entry point with client authentication (as passTLSClientCert reads it), or null. */
    @Override
    public X509Certificate clientCertificate() {
        if (!exchange.isTls() || exchange.request().sslSession() == null) {
            return null;
        }
        try {
            Certificate[] chain = exchange.request().sslSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    @Override
    public String contentType() {
        return exchange.upstream().headers().get("Content-Type");
    }
}
