package io.jwtgate.gateway.middleware.buffering;

import io.jwtgate.gateway.http.BodyFraming;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.http.SpooledBody;
import io.jwtgate.gateway.http.UpstreamRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.WriteStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the client's body whole before the backend is called, as oxy's buffer does: a declared
 * {@code Content-Length} above {@code maxRequestBodyBytes} is refused at once, a body that grows
 * beyond it while being read is refused when it does (413, oxy's body {@code Request Entity Too
 * Large}); the first {@code memRequestBodyBytes} stay in memory, the rest goes to a temporary file.
 * The body is then the upstream request's {@link UpstreamRequest#bufferedBody()} (all in memory) or
 * {@link UpstreamRequest#spooledBody()} (partly on disk), which the forwarder sends with a
 * {@code Content-Length} instead of the client's framing.
 */
final class RequestBuffer {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBuffer.class);

    /** oxy's {@code SizeErrHandler} body (Go's status text, no Content-Type). */
    static final String TOO_LARGE = "Request Entity Too Large";

    private RequestBuffer() {}

    /** Runs {@code then} once the body is held (or there is none); answers the client itself otherwise. */
    static void read(Exchange exchange, BufferingOptions options, FileSystem fs, Runnable then) {
        UpstreamRequest upstream = exchange.upstream();
        long max = options.maxRequestBodyBytes();
        long held = upstream.bufferedBody() != null ? upstream.bufferedBody().length()
                : upstream.spooledBody() != null ? upstream.spooledBody().length() : -1;
        if (held >= 0) {
            // Read by a middleware before this one (a form token, another buffering): the limit still applies.
            if (max > 0 && held > max) {
                tooLarge(exchange);
            } else {
                then.run();
            }
            return;
        }
        BodyFraming framing = exchange.framing();
        if (!framing.hasBody() || exchange.request().isEnded()) {
            then.run();
            return;
        }
        if (max > 0 && framing instanceof BodyFraming.Length length && length.bytes() > max) {
            tooLarge(exchange); // refused before a byte is read (no 100 Continue)
            return;
        }
        Spool spool = new Spool(fs, options.requestMemoryBytes());
        exchange.onFinish(spool::release);
        long entryPointLimit = upstream.maxBodyBytes();
        HttpServerRequest in = exchange.request();
        boolean[] stopped = {false};
        exchange.onAbort(() -> stopped[0] = true);
        in.handler(chunk -> {
            if (stopped[0]) {
                return; // refused: what the client still sends is dropped
            }
            long total = spool.length() + chunk.length();
            if ((entryPointLimit > 0 && total > entryPointLimit) || (max > 0 && total > max)) {
                stopped[0] = true;
                spool.release();
                if (entryPointLimit > 0 && total > entryPointLimit) {
                    Responses.payloadTooLarge(exchange); // the entry point's own limit, as when the forwarder streams
                } else {
                    tooLarge(exchange);
                }
                in.resume();
                return;
            }
            spool.append(chunk);
            if (spool.writeQueueFull()) {
                in.pause();
                spool.drainHandler(v -> in.resume());
            }
        });
        in.endHandler(v -> {
            if (stopped[0]) {
                return;
            }
            stopped[0] = true;
            in.handler(null);
            spool.complete().onComplete(ar -> {
                if (exchange.aborted()) {
                    return;
                }
                if (ar.failed()) {
                    LOG.warn("buffering: the request body could not be stored: {}", ar.cause().toString());
                    Responses.answer(exchange, 500, null, "Internal Server Error");
                    return;
                }
                if (spool.spilled()) {
                    upstream.spooledBody(new Spooled(spool));
                } else {
                    upstream.bufferedBody(spool.memory());
                }
                then.run();
            });
        });
        exchange.continueIfExpected();
        in.resume();
    }

    private static void tooLarge(Exchange exchange) {
        Responses.answer(exchange, 413, null, TOO_LARGE);
    }

    /** The spilled body as the forwarder sends it. */
    private record Spooled(Spool spool) implements SpooledBody {
        @Override
        public long length() {
            return spool.length();
        }

        @Override
        public Future<Void> writeTo(WriteStream<Buffer> out) {
            return spool.replay(out::write);
        }

        @Override
        public Future<Buffer> read() {
            Buffer all = Buffer.buffer((int) Math.min(Integer.MAX_VALUE, spool.length()));
            return spool.replay(chunk -> {
                all.appendBuffer(chunk);
                return Future.succeededFuture();
            }).map(all);
        }
    }
}
