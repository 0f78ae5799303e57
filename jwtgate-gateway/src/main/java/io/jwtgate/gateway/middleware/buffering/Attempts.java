package io.jwtgate.gateway.middleware.buffering;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware.Next;
import io.jwtgate.gateway.http.ResponseWriter;
import io.jwtgate.gateway.http.UpstreamRequest;
import io.jwtgate.gateway.http.Responses;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response side of one buffered exchange, oxy's loop: run the rest of the chain into a
 * {@link ResponseBuffer}; when the response ends, send the request again (from the same held body,
 * with the request as this middleware passed it on) while {@code retryExpression} holds, at most
 * oxy's 10 retries; otherwise give the client the held response with its length. A body beyond
 * {@code maxResponseBodyBytes} is answered 500 {@code Internal Server Error} (oxy's error handler),
 * without waiting for the rest of it.
 */
final class Attempts implements ResponseBuffer.Owner {

    private static final Logger LOG = LoggerFactory.getLogger(Attempts.class);

    /** oxy's {@code DefaultMaxRetryAttempts}: after the 10th retry the response is delivered whatever the expression says. */
    static final int MAX_RETRIES = 10;

    private final Exchange exchange;
    private final Next next;
    private final BufferingOptions options;
    private final FileSystem fs;
    private final ResponseWriter below;
    private final UpstreamRequest.Snapshot request;
    private int attempt;

    Attempts(Exchange exchange, Next next, BufferingOptions options, FileSystem fs) {
        this.exchange = exchange;
        this.next = next;
        this.options = options;
        this.fs = fs;
        this.below = exchange.response();
        this.request = exchange.upstream().snapshot();
    }

    void start() {
        attempt++;
        exchange.resetResponse(below);
        Spool body = new Spool(fs, options.responseMemoryBytes());
        exchange.onFinish(body::release);
        exchange.wrapResponse(writer -> new ResponseBuffer(writer, body, options.maxResponseBodyBytes(), this));
        try {
            next.proceed();
        } catch (RuntimeException e) {
            // A bug further down the chain: fail closed, as the dispatcher does for the first run.
            LOG.error("buffering: unexpected failure in attempt {}", attempt, e);
            exchange.resetResponse(below);
            Responses.send(exchange, 500, "Internal Server Error");
        }
    }

    @Override
    public void ended(ResponseBuffer response) {
        if (exchange.aborted()) {
            response.body().release();
            return;
        }
        RetryExpression retry = options.retry();
        if (retry != null && attempt <= MAX_RETRIES && retry.test(new RetryExpression.Attempt(method(), attempt, response.status()))) {
            LOG.debug("buffering: attempt {} answered {}, sending the request again", attempt, response.status());
            response.body().release();
            exchange.upstream().restore(request, exchange.request().isEnded());
            start();
            return;
        }
        response.body().complete().onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("buffering: the response body could not be stored: {}", ar.cause().toString());
                response.body().release();
                exchange.resetResponse(below);
                Responses.answer(exchange, 500, null, "Internal Server Error");
            } else {
                deliver(response);
            }
        });
    }

    @Override
    public void overflowed(ResponseBuffer response) {
        LOG.debug("buffering: response body over maxResponseBodyBytes ({})", options.maxResponseBodyBytes());
        exchange.resetResponse(below);
        Responses.answer(exchange, 500, null, "Internal Server Error");
    }

    private String method() {
        HttpMethod m = exchange.upstream().method();
        return m != null ? m.name() : exchange.method();
    }

    /** The held response to the client: its head (headers added as oxy copies them), its length, its body. */
    private void deliver(ResponseBuffer response) {
        if (below.ended() || below.closed()) {
            response.body().release();
            return;
        }
        int status = response.status();
        below.statusCode(status).statusMessage(response.message());
        MultiMap headers = below.headers();
        response.heldHeaders().forEach(headers::add);
        Spool body = response.body();
        if (!expectBody(status, response.heldHeaders())) {
            if (!method().equals("HEAD") && bodyAllowed(status) && !"0".equals(headers.get("Content-Length"))) {
                headers.remove("Content-Length"); // a body oxy does not relay (gRPC error): none is sent
            }
            body.release();
            below.end();
            return;
        }
        headers.set("Content-Length", Long.toString(body.length())).remove("Transfer-Encoding");
        if (!body.spilled()) {
            below.end(body.memory());
            body.release();
            return;
        }
        body.replay(this::toClient).onComplete(ar -> {
            body.release();
            if (ar.succeeded()) {
                below.end();
            } else if (!below.closed()) {
                LOG.debug("buffering: the held response could not be sent: {}", ar.cause().toString());
                exchange.request().connection().close(); // the head is out: cutting the stream is the only signal left
            }
        });
    }

    private Future<Void> toClient(Buffer chunk) {
        if (below.closed()) {
            return Future.failedFuture("the client is gone");
        }
        below.write(chunk);
        if (!below.writeQueueFull()) {
            return Future.succeededFuture();
        }
        Promise<Void> room = Promise.promise();
        below.drainHandler(v -> room.tryComplete());
        return room.future();
    }

    /** oxy's {@code expectBody}: when the held body is relayed at all. */
    private boolean expectBody(int status, MultiMap held) {
        if (method().equals("HEAD") || !bodyAllowed(status) || "0".equals(held.get("Content-Length"))) {
            return false;
        }
        String grpcStatus = held.get("Grpc-Status");
        return grpcStatus == null || grpcStatus.isEmpty() || grpcStatus.equals("0");
    }

    private static boolean bodyAllowed(int status) {
        return !(status >= 100 && status < 200) && status != 204 && status != 304;
    }
}
