package io.jwtgate.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * The response on its way to the client, as every writer of a response sees it: the forwarder
 * relaying a backend, the gateway's own answers ({@link Responses}), a middleware answering
 * itself. What {@link Exchange#response()} returns is the top of a stack: the client's response
 * ({@link ClientResponse}) at the bottom, and above it the {@link ResponseFilter}s that middlewares
 * pushed (a compressor, an error-page catcher, a retry, a circuit breaker's recorder, the response
 * modifiers of {@link Exchange#onResponseHead}), so the filter pushed last sees the response first,
 * as in Traefik, where each middleware wraps the {@code http.ResponseWriter} it was given.
 *
 * <p>Status and headers are edited until the head is committed by the first {@link #write},
 * {@link #end} or {@link #writeHead}. The framing ({@code Content-Length} or chunked) is decided
 * at the bottom when the head goes out: a filter that changes the body's length removes
 * {@code Content-Length}. One event loop; not thread-safe.
 */
public interface ResponseWriter {

    int statusCode();

    ResponseWriter statusCode(int status);

    /** The reason phrase to send on HTTP/1.x, or null for the standard one. */
    String statusMessage();

    ResponseWriter statusMessage(String message);

    /** The head being prepared; edits after {@link #headWritten()} have no effect. */
    MultiMap headers();

    default ResponseWriter putHeader(String name, String value) {
        headers().set(name, value);
        return this;
    }

    /**
     * Trailer fields sent after the body when the response ends (gRPC's {@code grpc-status}): on
     * HTTP/2 and on a chunked HTTP/1.1 body; dropped by HTTP/1.0 and when the head kept a
     * {@code Content-Length}. Fill before {@link #end}.
     */
    MultiMap trailers();

    /** True once this writer committed its head (below it, the head may still be held by a filter). */
    boolean headWritten();

    /** True once {@link #end} was called on this writer. */
    boolean ended();

    /** True once the client's connection or stream is closed. */
    boolean closed();

    /** Commits the head now, without body bytes (a 101 upgrade; headers a streaming backend sent early). */
    void writeHead();

    /** Writes a chunk of the body, committing the head first if needed. */
    void write(Buffer chunk);

    /** Ends the response with a last chunk (null for none), committing the head first if needed. */
    void end(Buffer last);

    default void end() {
        end((Buffer) null);
    }

    default void end(String body) {
        end(Buffer.buffer(body));
    }

    /** Backpressure: true while the client cannot take more; wait for {@link #drainHandler}. */
    boolean writeQueueFull();

    void drainHandler(Handler<Void> handler);
}
