package io.jwtgate.gateway.middleware.forwardauth;

import io.jwtgate.gateway.http.BodyFraming;
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
        Buffer buffered = exchange.upstream().bufferedBody();
        if (buffered != null) {
            // An earlier middleware read it already (e.g. a JWT in a form field).
            if (maxBodySize >= 0 && buffered.length() > maxBodySize) {
                tooLarge(exchange);
                return;
            }
            then.accept(buffered);
            return;
        }
        BodyFraming framing = exchange.framing();
        if (!framing.hasBody()) {
            then.accept(null);
            return;
        }
        if (maxBodySize >= 0 && framing instanceof BodyFraming.Length length && length.bytes() > maxBodySize) {
            // Traefik reads maxBodySize + 1 bytes to find out; the announced length says it already.
            tooLarge(exchange);
            return;
        }
        long entryLimit = exchange.upstream().maxBodyBytes();
        HttpServerRequest request = exchange.request();
        Buffer body = Buffer.buffer();
        boolean[] done = {false};
        exchange.onAbort(() -> done[0] = true);
        request.handler(chunk -> {
            if (done[0]) {
                return;
            }
            long size = (long) body.length() + chunk.length();
            if (entryLimit > 0 && size > entryLimit) {
                done[0] = true;
                Responses.payloadTooLarge(exchange);
                request.connection().close();
                return;
            }
            if (maxBodySize >= 0 && size > maxBodySize) {
                done[0] = true;
                tooLarge(exchange);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (done[0]) {
                return;
            }
            done[0] = true;
            request.handler(null);
            request.endHandler(null);
            exchange.upstream().bufferedBody(body);
            then.accept(body);
        });
        exchange.continueIfExpected();
        request.resume();
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
