package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.ResponseWriter;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** Where a mirror's answer goes (Traefik's {@code blackHoleResponseWriter}): read to the end as fast as it comes, then dropped. */
final class DiscardedResponse implements ResponseWriter {

    private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    private final MultiMap trailers = MultiMap.caseInsensitiveMultiMap();
    private int status = 200;
    private String message;
    private boolean headWritten;
    private boolean ended;
    private Runnable onEnd = () -> { };

    /** Runs when the mirror's answer has ended (the copy's exchange finishes then). */
    void onEnd(Runnable action) {
        this.onEnd = action;
    }

    @Override
    public int statusCode() {
        return status;
    }

    @Override
    public ResponseWriter statusCode(int status) {
        this.status = status;
        return this;
    }

    @Override
    public String statusMessage() {
        return message;
    }

    @Override
    public ResponseWriter statusMessage(String message) {
        this.message = message;
        return this;
    }

    @Override
    public MultiMap headers() {
        return headers;
    }

    @Override
    public MultiMap trailers() {
        return trailers;
    }

    @Override
    public boolean headWritten() {
        return headWritten;
    }

    @Override
    public boolean ended() {
        return ended;
    }

    @Override
    public boolean closed() {
        return false;
    }

    @Override
    public void writeHead() {
        headWritten = true;
    }

    @Override
    public void write(Buffer chunk) {
        headWritten = true;
    }

    @Override
    public void end(Buffer last) {
        headWritten = true;
        if (!ended) {
            ended = true;
            onEnd.run();
        }
    }

    @Override
    public boolean writeQueueFull() {
        return false;
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
        // never full
    }
}
