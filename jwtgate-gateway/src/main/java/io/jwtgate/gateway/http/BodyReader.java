package io.jwtgate.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the client's body whole for a middleware that must look at it before the request goes on
 * (an auth server that wants it, a JSON-RPC call to authorize), and keeps it as the exchange's
 * buffered body, so the backend receives it unchanged. A body a middleware before already holds,
 * in memory or spooled by {@code buffering}, is read from there: a body is read from the client once.
 */
public final class BodyReader {

    private static final Logger LOG = LoggerFactory.getLogger(BodyReader.class);

    private BodyReader() {}

    /**
     * Calls {@code then} with the body (null when the request has none) on the request's event loop, or
     * {@code tooLarge} when it is larger than {@code limit} bytes (negative: no limit of the caller's).
     * The entry point's own limit answers 413 and closes the connection, as when the body streams.
     */
    public static void read(Exchange exchange, long limit, Runnable tooLarge, Consumer<Buffer> then) {
        Buffer buffered = exchange.upstream().bufferedBody();
        if (buffered != null) {
            if (limit >= 0 && buffered.length() > limit) {
                tooLarge.run();
            } else {
                then.accept(buffered);
            }
            return;
        }
        SpooledBody spooled = exchange.upstream().spooledBody();
        if (spooled != null) {
            readSpooled(exchange, spooled, limit, tooLarge, then);
            return;
        }
        BodyFraming framing = exchange.framing();
        if (!framing.hasBody()) {
            then.accept(null);
            return;
        }
        if (limit >= 0 && framing instanceof BodyFraming.Length length && length.bytes() > limit) {
            tooLarge.run(); // the announced length says it without reading
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
            } else if (limit >= 0 && size > limit) {
                done[0] = true;
                tooLarge.run();
            } else {
                body.appendBuffer(chunk);
            }
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

    /** A body {@code buffering} holds partly on disk: read back whole, within the limit; it stays the body sent upstream. */
    private static void readSpooled(Exchange exchange, SpooledBody spooled, long limit, Runnable tooLarge, Consumer<Buffer> then) {
        if (limit >= 0 && spooled.length() > limit) {
            tooLarge.run();
            return;
        }
        spooled.read().onComplete(ar -> {
            if (exchange.aborted()) {
                return;
            }
            if (ar.failed()) {
                LOG.warn("the buffered request body could not be read back: {}", ar.cause().toString());
                Responses.send(exchange, 500, "Internal Server Error");
                return;
            }
            then.accept(ar.result());
        });
    }
}
