package io.jwtgate.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * The bottom of the response stack: the client's Vert.x response. Decides the framing when the
 * head goes out: a {@code Content-Length} left by the writers above is kept, otherwise an
 * HTTP/1.1 body is chunked (HTTP/2 frames itself); a response ended before any write gets the
 * length of its only chunk.
 */
final class ClientResponse implements ResponseWriter {

    private final HttpServerResponse response;
    private final boolean http2;
    /** Ours until the end: Vert.x's own map, once touched, makes HTTP/2 send a trailing HEADERS frame even when empty. */
    private MultiMap trailers;

    ClientResponse(HttpServerResponse response, HttpVersion version) {
        this.response = response;
        this.http2 = version == HttpVersion.HTTP_2;
    }

    @Override
    public int statusCode() {
        return response.getStatusCode();
    }

    @Override
    public ResponseWriter statusCode(int status) {
        if (!response.headWritten()) {
            response.setStatusCode(status);
        }
        return this;
    }

    @Override
    public String statusMessage() {
        return response.getStatusMessage();
    }

    @Override
    public ResponseWriter statusMessage(String message) {
        if (!http2 && message != null && !response.headWritten()) {
            response.setStatusMessage(message);
        }
        return this;
    }

    @Override
    public MultiMap headers() {
        return response.headers();
    }

    @Override
    public MultiMap trailers() {
        if (trailers == null) {
            trailers = MultiMap.caseInsensitiveMultiMap();
        }
        return trailers;
    }

    @Override
    public boolean headWritten() {
        return response.headWritten();
    }

    @Override
    public boolean ended() {
        return response.ended();
    }

    @Override
    public boolean closed() {
        return response.closed();
    }

    @Override
    public void writeHead() {
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        if (response.getStatusCode() == 101) {
            return; // the upgrade writes its own head (HttpServerRequest.toNetSocket)
        }
        frameStreamed();
        response.writeHead();
    }

    @Override
    public void write(Buffer chunk) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (!response.headWritten()) {
            frameStreamed();
        }
        response.write(chunk);
    }

    @Override
    public void end(Buffer last) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (trailers != null && !trailers.isEmpty()) {
            response.trailers().addAll(trailers);
        }
        if (last == null) {
            response.end();
        } else {
            response.end(last);
        }
    }

    /** A body that will come in several writes: its length if the writers above know it, else chunked. */
    private void frameStreamed() {
        response.headers().remove("Transfer-Encoding");
        if (!http2 && !response.headers().contains("Content-Length")) {
            response.setChunked(true);
        }
    }

    @Override
    public boolean writeQueueFull() {
        return response.writeQueueFull();
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
        response.drainHandler(handler);
    }
}
