package io.jwtgate.gateway.middleware;

import io.jwtgate.gateway.http.ResponseFilter;
import io.jwtgate.gateway.http.ResponseWriter;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A response filter with a head of its own: the status and headers written above it stay here
 * until the head is committed, when {@link #admit} decides whether the response goes on toward
 * the client. Admitted, the head is copied below (each header name replacing the one there, as
 * Go's {@code maps.Copy} does) and the body flows through unbuffered; refused, head and body are
 * dropped (the writer above is never held back, so a backend's body drains and its connection is
 * reused) and {@link #discarded} runs once the refused response has ended. This is what Traefik's
 * writers with their own header map do: the {@code errors} catcher, each {@code retry} attempt.
 */
public abstract class DetachedHeadFilter extends ResponseFilter {

    private int status = 200; // a writer that never sets a status answers 200, as in Go
    private String message;
    private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    private boolean decided;
    private boolean admitted;

    protected DetachedHeadFilter(ResponseWriter next) {
        super(next);
    }

    /**
     * Decides, once, when the head is committed: true lets the response through. May still edit
     * the status and {@link #headers()} (what is copied below is what they hold on return).
     */
    protected abstract boolean admit(int status);

    /** The refused response has ended (its body, if any, was dropped). */
    protected abstract void discarded(int status);

    /** True once {@link #admit} refused this response. */
    protected final boolean refused() {
        return decided && !admitted;
    }

    @Override
    protected final void onHead() {
        admitted = admit(status);
        decided = true;
        if (admitted) {
            next.statusCode(status).statusMessage(message);
            for (String name : headers.names()) {
                next.headers().set(name, headers.getAll(name));
            }
        }
    }

    @Override
    public int statusCode() {
        return decided && admitted ? next.statusCode() : status;
    }

    @Override
    public ResponseWriter statusCode(int status) {
        if (!decided) {
            this.status = status;
        }
        return this;
    }

    @Override
    public String statusMessage() {
        return decided && admitted ? next.statusMessage() : message;
    }

    @Override
    public ResponseWriter statusMessage(String message) {
        if (!decided) {
            this.message = message;
        }
        return this;
    }

    @Override
    public MultiMap headers() {
        return decided && admitted ? next.headers() : headers;
    }

    @Override
    public void writeHead() {
        commitHead();
        if (admitted) {
            next.writeHead();
        }
    }

    @Override
    public void write(Buffer chunk) {
        commitHead();
        if (admitted) {
            next.write(chunk);
        }
    }

    @Override
    public void end(Buffer last) {
        if (ended()) {
            return;
        }
        commitHead();
        markEnded();
        if (admitted) {
            next.end(last);
        } else {
            discarded(status);
        }
    }

    @Override
    public boolean writeQueueFull() {
        // Dropped bytes never fill a queue: a refused body is read as fast as it comes.
        return !refused() && next.writeQueueFull();
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
        if (!refused()) {
            next.drainHandler(handler);
        }
    }
}
