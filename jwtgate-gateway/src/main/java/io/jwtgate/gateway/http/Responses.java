package io.jwtgate.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;

/** The gateway's own answers, with Traefik's bodies so that clients and monitors see the same text. */
public final class Responses {

    private Responses() {}

    public static void send(Exchange exchange, int status, String body) {
        ResponseWriter response = exchange.response();
        if (response.headWritten() || response.ended() || response.closed()) {
            if (!response.ended() && !response.closed() && !exchange.detached()) {
                // Headers are already out: the only honest signal left is to cut the stream.
                exchange.request().connection().close();
            }
            return;
        }
        response.putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("X-Content-Type-Options", "nosniff");
        finish(exchange, status, body);
    }

    /**
     * A middleware's own answer instead of forwarding (a 401, a 500 "Bad Host"), as Go's
     * {@code http.Error} writes it (plain text, {@code nosniff}), with whatever headers the
     * middleware already put. See {@link #answer(Exchange, int, String, String)} for the body the
     * client may still be sending.
     */
    public static void answer(Exchange exchange, int status, String body) {
        if (!exchange.response().headWritten()) {
            exchange.response().putHeader("X-Content-Type-Options", "nosniff");
        }
        answer(exchange, status, "text/plain; charset=utf-8", body);
    }

    /**
     * A middleware's own answer with this content type (null: none) and body (null: empty), e.g. a
     * redirect or a CORS preflight. The request body the client may still be sending is never read:
     * on HTTP/1.x the connection is closed after the answer (no unread bytes left on a reused
     * connection), otherwise the empty end of the request is consumed so the connection stays reusable.
     */
    public static void answer(Exchange exchange, int status, String contentType, String body) {
        answerBytes(exchange, status, contentType, Buffer.buffer(body == null ? "" : body));
    }

    /** As {@link #answer(Exchange, int, String, String)} with a body of bytes (e.g. relayed from another server). */
    public static void answerBytes(Exchange exchange, int status, String contentType, Buffer body) {
        ResponseWriter response = exchange.response();
        if (response.headWritten() || response.ended() || response.closed()) {
            send(exchange, status, ""); // cuts the stream when the head is already out
            return;
        }
        boolean unreadBody = exchange.upstream().bufferedBody() == null && !exchange.request().isEnded() && exchange.framing().hasBody();
        if (unreadBody && exchange.request().version() != HttpVersion.HTTP_2) {
            response.putHeader("Connection", "close");
        }
        if (contentType != null) {
            response.putHeader("Content-Type", contentType);
        }
        finish(exchange, status, body == null ? Buffer.buffer() : body);
        if (!unreadBody) {
            exchange.request().resume();
        }
    }

    private static void finish(Exchange exchange, int status, String body) {
        finish(exchange, status, Buffer.buffer(body));
    }

    private static void finish(Exchange exchange, int status, Buffer body) {
        ResponseWriter response = exchange.response();
        // The body decides the framing (the filters keep it so), not a header left by someone else.
        response.headers().remove("Content-Length").remove("Transfer-Encoding");
        response.statusCode(status).end(body);
    }

    public static void notFound(Exchange exchange) {
        send(exchange, 404, "404 page not found\n");
    }

    public static void badGateway(Exchange exchange) {
        send(exchange, 502, "Bad Gateway");
    }

    public static void serviceUnavailable(Exchange exchange) {
        send(exchange, 503, "Service Unavailable");
    }

    public static void gatewayTimeout(Exchange exchange) {
        send(exchange, 504, "Gateway Timeout");
    }

    public static void payloadTooLarge(Exchange exchange) {
        send(exchange, 413, "Request Entity Too Large");
    }
}
