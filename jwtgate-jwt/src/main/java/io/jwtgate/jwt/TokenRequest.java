package io.jwtgate.jwt;

/** The parts of an HTTP request that token extraction reads; implemented by the gateway. */
public interface TokenRequest {

    /** First value of the header, or null; the name is matched case-insensitively. */
    String header(String name);

    /** First value of the query parameter, decoded, or null. */
    String queryParam(String name);

    /** The Content-Type header, or null. */
    String contentType();

    /**
     * Every value of the header, in order (HTTP/2 sends each cookie as its own {@code cookie} field). The default
     * gives only the first value: implement it where the request has several fields of one name.
     */
    default java.util.List<String> headers(String name) {
        String value = header(name);
        return value == null ? java.util.List.of() : java.util.List.of(value);
    }

    /** The request method, e.g. {@code GET}; null when unknown (DPoP proofs are then refused). */
    default String method() {
        return null;
    }

    /**
     * The request's URI as the router saw it, without the query: {@code https://host:port/path} (scheme of the
     * entry point, authority the client named, routed path); null when unknown (DPoP proofs are then refused).
     */
    default String effectiveUri() {
        return null;
    }

    /** The client's TLS certificate (the leaf), or null: no TLS, no certificate, or unknown. */
    default java.security.cert.X509Certificate clientCertificate() {
        return null;
    }
}
