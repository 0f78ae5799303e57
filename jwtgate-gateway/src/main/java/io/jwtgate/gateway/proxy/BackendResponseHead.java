package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.ResponseWriter;
import io.vertx.core.MultiMap;

/** A backend's response head as the client's response takes it, whichever client received it. */
final class BackendResponseHead {

    private BackendResponseHead() {}

    /**
     * Copies status, reason and end-to-end headers into the exchange's response; false when the client's
     * response is already over (ended or its connection closed) and nothing should be relayed.
     */
    static boolean relay(Exchange exchange, int status, String reason, MultiMap headers) {
        ResponseWriter response = exchange.response();
        if (response.ended() || response.closed()) {
            return false;
        }
        response.statusCode(status).statusMessage(reason);
        HopByHopHeaders.copyEndToEnd(headers, response.headers());
        // The backend's Content-Length is kept (filters that change the body remove it); else the
        // client's response decides the framing.
        response.headers().remove("Transfer-Encoding");
        if (headers.contains("Trailer")) {
            // Hop-by-hop, but Go's reverse proxy announces the trailers it will relay.
            response.headers().set("Trailer", String.join(", ", headers.getAll("Trailer")));
        }
        if (isEventStream(headers.get("Content-Type"))) {
            // Server-sent events: the head tells the client the stream is open (an MCP session's GET stream may carry no
            // event for minutes); holding it until the first event would leave the client waiting. Envoy and nginx
            // without buffering send it at once too.
            response.writeHead();
        }
        return true;
    }

    private static boolean isEventStream(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
    }
}
