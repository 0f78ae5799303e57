package io.jwtgate.gateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.WriteStream;

/**
 * A request on its way to a backend, as {@link RequestBodySender} frames and writes its body: a
 * pooled HTTP/1.1 connection's ({@link Http1Call}) or Vert.x's client request (HTTP/2, TLS,
 * upgrades: {@link VertxBackendRequest}). The head goes out with the first {@link #write} or
 * {@link #end}, so the framing can still be chosen until then.
 */
interface BackendRequest extends WriteStream<Buffer> {

    HttpMethod method();

    /** Sets a header of the head not yet sent (the framing: {@code Content-Length}). */
    void putHeader(String name, String value);

    boolean isChunked();

    /** Sends the body chunked ({@code Transfer-Encoding: chunked} on HTTP/1.1). */
    void setChunked(boolean chunked);

    /** Ends the request with a last chunk; with no length set and not chunked, its length is the last chunk's. */
    Future<Void> end(Buffer last);

    /** Abandons the request: what was sent is cut off and its connection is never reused. */
    void reset();
}
