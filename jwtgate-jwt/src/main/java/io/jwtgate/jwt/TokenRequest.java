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
}
