package io.jwtgate.gateway.server;

/**
 * Netty's HTTP/1 decoder reading framing as Go's net/http does, so that jwtgate answers as Traefik:
 * Netty 4.2.10+ refuses by default (its "RFC 9112 transfer-encoding" mode) a request with both
 * {@code Content-Length} and {@code Transfer-Encoding} (Go reads it as chunked, drops the length and
 * closes the connection after it) and answers 400 to codings Go answers 501. Either way nothing
 * ambiguous reaches a backend: {@code RequestAdmission} decides the framing and the forwarder re-frames
 * the body (SECURITY.md, H1 rows). The decoder reads the property once, when its class initializes, so
 * this runs before any HTTP codec exists: first in {@code main}, and when {@code Gateway} loads.
 */
public final class HttpCodecDefaults {

    static final String RFC9112_TRANSFER_ENCODING = "io.netty.handler.codec.http.rfc9112TransferEncoding";

    private HttpCodecDefaults() {
    }

    /** Sets Go's reading unless the operator chose Netty's own with {@code -Dio.netty.handler.codec.http.rfc9112TransferEncoding}. */
    public static void apply() {
        if (System.getProperty(RFC9112_TRANSFER_ENCODING) == null) {
            System.setProperty(RFC9112_TRANSFER_ENCODING, "false");
        }
    }
}
