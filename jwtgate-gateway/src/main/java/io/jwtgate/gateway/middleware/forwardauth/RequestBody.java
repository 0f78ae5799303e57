package io.jwtgate.gateway.middleware.forwardauth;

import io.jwtgate.gateway.http.BodyReader;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Responses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.function.Consumer;

/**
 * {@code forwardBody}: the client's body read into memory, so that it goes to the auth server and
 * then, unchanged, to the backend (as the exchange's buffered body). A body larger than
 * {@code maxBodySize} gets Traefik's empty 401 and reaches neither; the entry point's own body
 * limit still answers 413, as it does when the body streams.
 */
final class RequestBody {

    private RequestBody() {}

    /** Calls {@code then} with the body (null when the request has none), on the request's event loop, unless it answered. */
    static void read(Exchange exchange, long maxBodySize, Consumer<Buffer> then) {
        // An earlier middleware may hold it already (a JWT in a form field, buffering): BodyReader reads it from there.
        BodyReader.read(exchange, maxBodySize, () -> tooLarge(exchange), then);
    }

    /** Traefik's answer: 401 with no body. The rest of the body is never read, so an HTTP/1.x connection is closed. */
    private static void tooLarge(Exchange exchange) {
        HttpServerRequest request = exchange.request();
        request.pause();
        Responses.answer(exchange, 401, null, (String) null);
        if (request.version() != HttpVersion.HTTP_2 && !request.isEnded()) {
            request.connection().close();
        }
    }
}
