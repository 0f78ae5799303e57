package io.jwtgate.gateway.middleware.forwardauth;

import io.jwtgate.gateway.http.Exchange;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeoutException;

/**
 * One request to the auth server and its whole answer, read into memory (up to
 * {@code maxResponseBodySize}), within Traefik's 30-second client timeout. The request is
 * abandoned (its connection reset) when the client goes away, on timeout, or when the answer is
 * too large: a pooled connection is never left half-read.
 */
final class AuthCall {

    /** How the call ended. */
    sealed interface Outcome {
        record Answer(int status, MultiMap headers, Buffer body) implements Outcome {}

        /** Unreachable, reset, timed out: Traefik answers 500. */
        record Failed(Throwable cause) implements Outcome {}

        /** The answer's body is over {@code maxResponseBodySize}: Traefik answers 401. */
        record TooLarge() implements Outcome {}

        /** The client went away: nobody to answer. */
        record Cancelled() implements Outcome {}
    }

    private final Promise<Outcome> outcome = Promise.promise();
    private HttpClientRequest request;

    private AuthCall() {}

    /**
     * @param body    null or empty for none
     * @param chunked send the body chunked (the client's had no length) rather than with a Content-Length
     */
    static Future<Outcome> send(Vertx vertx, HttpClient client, RequestOptions options, MultiMap headers, Buffer body, boolean chunked,
                                long maxResponseBodySize, long timeoutMillis, Exchange exchange) {
        AuthCall call = new AuthCall();
        long timer = vertx.setTimer(timeoutMillis, id -> call.end(new Outcome.Failed(
                new TimeoutException("no complete answer within " + timeoutMillis + " ms"))));
        exchange.onAbort(() -> call.end(new Outcome.Cancelled()));
        client.request(options).onComplete(ar -> {
            if (ar.failed()) {
                call.end(new Outcome.Failed(ar.cause()));
                return;
            }
            call.request = ar.result();
            if (call.outcome.future().isComplete()) {
                call.request.reset(); // timed out or cancelled while waiting for a connection
                return;
            }
            call.exchange(headers, body, chunked, maxResponseBodySize);
        });
        return call.outcome.future().onComplete(done -> vertx.cancelTimer(timer));
    }

    private void exchange(MultiMap headers, Buffer body, boolean chunked, long maxResponseBodySize) {
        HttpClientRequest req = request;
        req.headers().addAll(headers);
        req.exceptionHandler(err -> end(new Outcome.Failed(err)));
        req.response().onComplete(rar -> {
            if (rar.failed()) {
                end(new Outcome.Failed(rar.cause()));
                return;
            }
            HttpClientResponse res = rar.result();
            Buffer collected = Buffer.buffer();
            res.exceptionHandler(err -> end(new Outcome.Failed(err)));
            res.handler(chunk -> {
                if (outcome.future().isComplete()) {
                    return;
                }
                if (maxResponseBodySize >= 0 && (long) collected.length() + chunk.length() > maxResponseBodySize) {
                    end(new Outcome.TooLarge());
                    return;
                }
                collected.appendBuffer(chunk);
            });
            res.endHandler(v -> end(new Outcome.Answer(res.statusCode(), res.headers(), collected)));
        });
        if (body == null || body.length() == 0) {
            req.end();
        } else if (chunked) {
            req.setChunked(true);
            req.end(body);
        } else {
            req.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()));
            req.end(body);
        }
    }

    /** Completes once; any outcome but a whole answer gives the connection back reset. */
    private void end(Outcome result) {
        if (!outcome.tryComplete(result)) {
            return;
        }
        if (!(result instanceof Outcome.Answer) && request != null) {
            request.reset();
        }
    }
}
