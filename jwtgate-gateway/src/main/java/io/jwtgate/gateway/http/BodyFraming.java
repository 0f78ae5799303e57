package io.jwtgate.gateway.http;

/**
 * How a request's body is delimited, decided once at the entry point from the client's framing
 * headers (which are then removed: the forwarder frames the body it sends itself).
 */
public sealed interface BodyFraming {

    /** No body follows the headers. */
    record None() implements BodyFraming {}

    /** Exactly {@code bytes} bytes follow (a validated {@code Content-Length}). */
    record Length(long bytes) implements BodyFraming {}

    /** A body of unknown length: HTTP/1.1 chunked, or HTTP/2 DATA frames without {@code content-length}. */
    record Stream() implements BodyFraming {}

    BodyFraming NONE = new None();
    BodyFraming STREAM = new Stream();

    /** Whether body bytes may follow the headers. */
    default boolean hasBody() {
        return !(this instanceof None);
    }
}
