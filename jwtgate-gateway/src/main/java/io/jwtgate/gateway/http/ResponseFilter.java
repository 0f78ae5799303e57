package io.jwtgate.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A {@link ResponseWriter} that passes everything to the writer below it (toward the client) and
 * lets a middleware act when the head is committed ({@link #onHead}) or transform the body by
 * overriding {@link #write} and {@link #end}. Status and headers are shared with the writer below
 * until the head is committed, so writers above it and below it edit one head.
 */
public abstract class ResponseFilter implements ResponseWriter {

    protected final ResponseWriter next;
    private boolean headWritten;
    private boolean ended;

    protected ResponseFilter(ResponseWriter next) {
        this.next = next;
    }

    /**
     * Called once, just before the head is committed: status and {@link #headers()} are final
     * from the writers above; edit them here. Default: nothing.
     */
    protected void onHead() {}

    /** Runs {@link #onHead} once; subclasses overriding {@link #write} or {@link #end} call it first. */
    protected final boolean commitHead() {
        if (headWritten) {
            return false;
        }
        headWritten = true;
        onHead();
        return true;
    }

    protected final void markEnded() {
        ended = true;
    }

    @Override
    public int statusCode() {
        return next.statusCode();
    }

    @Override
    public ResponseWriter statusCode(int status) {
        next.statusCode(status);
        return this;
    }

    @Override
    public String statusMessage() {
        return next.statusMessage();
    }

    @Override
    public ResponseWriter statusMessage(String message) {
        next.statusMessage(message);
        return this;
    }

    @Override
    public MultiMap headers() {
        return next.headers();
    }

    @Override
    public MultiMap trailers() {
        return next.trailers();
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
        return next.closed();
    }

    @Override
    public void writeHead() {
        commitHead();
        next.writeHead();
    }

    @Override
    public void write(Buffer chunk) {
        commitHead();
        next.write(chunk);
    }

    @Override
    public void end(Buffer last) {
        commitHead();
        ended = true;
        next.end(last);
    }

    @Override
    public boolean writeQueueFull() {
        return next.writeQueueFull();
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
        next.drainHandler(handler);
    }
}
