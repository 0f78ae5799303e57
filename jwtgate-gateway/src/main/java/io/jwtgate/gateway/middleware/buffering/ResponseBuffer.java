package io.jwtgate.gateway.middleware.buffering;

import io.jwtgate.gateway.http.ResponseFilter;
import io.jwtgate.gateway.http.ResponseWriter;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * One attempt's response held whole, as oxy's {@code bufferWriter} holds it: a status and headers
 * of its own (nothing reaches the client while the attempt runs, so a retry can drop it), the body
 * in a {@link Spool} up to {@code maxResponseBodyBytes}. When the response ends, or grows beyond
 * the limit, the {@link Owner} decides what the client gets. A {@code 101} head (an upgrade, which
 * oxy lets through as a hijacked connection) passes straight through.
 */
final class ResponseBuffer extends ResponseFilter {

    /** Who acts on a held response. */
    interface Owner {
        /** The response ended within the limit. */
        void ended(ResponseBuffer response);

        /** The body grew beyond {@code maxResponseBodyBytes}; the bytes already held are dropped. */
        void overflowed(ResponseBuffer response);
    }

    private final Spool body;
    private final long maxBytes;
    private final Owner owner;
    private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    private int status = 200; // a writer that never sets a status answers 200, as in Go
    private String message;
    private boolean passThrough;
    private boolean overflow;

    ResponseBuffer(ResponseWriter next, Spool body, long maxBytes, Owner owner) {
        super(next);
        this.body = body;
        this.maxBytes = maxBytes;
        this.owner = owner;
    }

    Spool body() {
        return body;
    }

    int status() {
        return status;
    }

    String message() {
        return message;
    }

    MultiMap heldHeaders() {
        return headers;
    }

    @Override
    public int statusCode() {
        return passThrough ? next.statusCode() : status;
    }

    @Override
    public ResponseWriter statusCode(int status) {
        if (passThrough) {
            next.statusCode(status);
        } else if (!headWritten()) {
            this.status = status;
        }
        return this;
    }

    @Override
    public String statusMessage() {
        return passThrough ? next.statusMessage() : message;
    }

    @Override
    public ResponseWriter statusMessage(String message) {
        if (passThrough) {
            next.statusMessage(message);
        } else if (!headWritten()) {
            this.message = message;
        }
        return this;
    }

    @Override
    public MultiMap headers() {
        return passThrough ? next.headers() : headers;
    }

    @Override
    public void writeHead() {
        commitHead();
        if (passThrough || status != 101) {
            return; // any other head waits for its body
        }
        passThrough = true;
        body.release();
        next.statusCode(status).statusMessage(message);
        next.headers().addAll(headers);
        next.writeHead();
    }

    @Override
    public void write(Buffer chunk) {
        commitHead();
        if (passThrough) {
            next.write(chunk);
            return;
        }
        if (ended() || overflow || chunk == null) {
            return;
        }
        if (maxBytes > 0 && body.length() + chunk.length() > maxBytes) {
            overflow = true;
            markEnded(); // the forwarder stops reading the backend
            body.release();
            owner.overflowed(this);
            return;
        }
        body.append(chunk);
    }

    @Override
    public void end(Buffer last) {
        if (ended()) {
            return;
        }
        commitHead();
        if (passThrough) {
            markEnded();
            next.end(last);
            return;
        }
        if (last != null && last.length() > 0) {
            write(last);
            if (overflow) {
                return;
            }
        }
        markEnded();
        owner.ended(this);
    }

    @Override
    public boolean writeQueueFull() {
        return passThrough ? next.writeQueueFull() : body.writeQueueFull();
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
        if (passThrough) {
            next.drainHandler(handler);
        } else {
            body.drainHandler(handler);
        }
    }
}
