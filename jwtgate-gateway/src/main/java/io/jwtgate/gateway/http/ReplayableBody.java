package io.jwtgate.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/**
 * Reads the client's body into memory before the first attempt, so that a retry on a status can
 * send it again (Traefik's {@code mirror.NewReusableRequest}): at most {@code maxBytes} (negative:
 * no limit besides the entry point's {@code maxRequestBodyBytes}). A larger body is not kept: what
 * was read so far becomes the upstream request's {@link UpstreamRequest#bodyPrefix()}, the rest is
 * streamed as usual, and the answer's status is then not retried (as in Traefik). Shared by the
 * {@code retry} middleware and the {@code mirroring} and {@code failover} services.
 */
public final class ReplayableBody {

    private ReplayableBody() {}

    /**
     * Calls {@code done} with true when the body is buffered (or there is none), false when it is
     * too large to replay; not at all when the exchange ended meanwhile (client gone, 413 answered).
     */
    public static void read(Exchange exchange, long maxBytes, Consumer<Boolean> done) {
        UpstreamRequest upstream = exchange.upstream();
        BodyFraming framing = exchange.framing();
        if (!framing.hasBody() || upstream.bufferedBody() != null) {
            done.accept(true);
            return;
        }
        if (maxBytes >= 0 && framing instanceof BodyFraming.Length length && length.bytes() > maxBytes) {
            done.accept(false); // known too large: nothing is read ahead
            return;
        }
        HttpServerRequest in = exchange.request();
        long entryPointLimit = upstream.maxBodyBytes();
        Buffer body = Buffer.buffer();
        boolean[] over = {false};
        exchange.onAbort(() -> over[0] = true);
        in.handler(chunk -> {
            if (over[0]) {
                return;
            }
            body.appendBuffer(chunk);
            if (entryPointLimit > 0 && body.length() > entryPointLimit) {
                over[0] = true;
                in.handler(null);
                Responses.payloadTooLarge(exchange);
                in.connection().close();
            } else if (maxBytes >= 0 && body.length() > maxBytes) {
                over[0] = true;
                in.pause();
                in.handler(null);
                in.endHandler(null);
                upstream.bodyPrefix(body);
                done.accept(false);
            }
        });
        in.endHandler(v -> {
            if (over[0]) {
                return;
            }
            over[0] = true;
            in.handler(null);
            in.endHandler(null);
            upstream.bufferedBody(body);
            done.accept(true);
        });
        exchange.continueIfExpected();
        in.resume();
    }
}
