package io.jwtgate.jwt;

/** The parts of an HTTP request that token extraction reads; implemented by the gateway. */
public interface TokenRequest {

    /** First value of the header, or null; the name is matched case-insensitively. */
    String header(String name);

    /** First value of the query parameter, decoded, or null. */
    String queryParam(String name);

    /** The Content-Type header, or null. */
    String contentType();
}
