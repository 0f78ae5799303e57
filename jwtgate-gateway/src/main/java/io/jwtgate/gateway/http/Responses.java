package io.jwtgate.gateway.http;

import io.vertx.core.http.HttpServerResponse;

/** The gateway's own answers, with Traefik's bodies so that clients and monitors see the same text. */
public final class Responses {

    private Responses() {}

    public static void send(Exchange exchange, int status, String body) {
        HttpServerResponse response = exchange.response();
        if (response.headWritten() || response.ended() || response.closed()) {
            if (!response.ended() && !response.closed()) {
                // Headers are already out: the only honest signal left is to cut the stream.
                exchange.request().connection().close();
            }
            return;
        }
        exchange.extraResponseHeaders().forEach(response::putHeader);
        response.setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(body);
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
