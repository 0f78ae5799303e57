package io.jwtgate.gateway.middleware.compress;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.ResponseFilter;
import io.jwtgate.gateway.http.ResponseWriter;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response of one request whose client accepts {@code coding}: compressed on its way to the
 * client when it qualifies, as Traefik's compress handlers decide. When the head is committed, a
 * response is sent as it is if it has no body (1xx, 204, 304), is already encoded
 * ({@code Content-Encoding}), is a range ({@code Content-Range}), opted out
 * ({@code No-Gzip-Compression}, klauspost's header, removed), or its {@code Content-Type} does not
 * parse or is excluded (not included). Otherwise a {@code Content-Length} decides at once (compressed
 * from {@code minResponseBodyBytes} on); without one, the body is held until that many bytes came,
 * the body ended (smaller bodies go out as they are, with their length), or the backend paused.
 * A compressed response loses {@code Content-Length} and {@code Accept-Ranges}, gets {@code Content-Encoding}.
 *
 * <p><b>Streaming.</b> What is compressed is flushed to the client at the end of the event-loop turn
 * that brought it (a task queued behind the reads at hand): a server-sent event, or each piece of a
 * streamed body, reaches the client as soon as the backend sent it, and pieces that arrive together
 * share one flush. A body held for its size is released the same way when the backend pauses before
 * {@code minResponseBodyBytes}: from there it is compressed as a stream, as in Traefik, whose proxy
 * flushes streamed responses after every write and whose compressor then starts at once.
 *
 * <p><b>CPU.</b> Compression runs on the event loop, as in every proxy that compresses (nginx, Envoy:
 * on the worker that owns the connection). Measured on this project's 2-core machine under load,
 * per 8 KiB chunk (the HTTP client's chunk size; HTTP/2 frames are at most 16 KiB): gzip about
 * 0.15 ms, Brotli about 0.2-0.35 ms, Zstandard about 0.02 ms. That is the cost of the bytes
 * themselves, which a worker thread would add a hand-off to, not remove; no call waits for I/O.
 */
final class CompressFilter extends ResponseFilter {

    private static final Logger LOG = LoggerFactory.getLogger(CompressFilter.class);
    /** klauspost/compress gzhttp's opt-out header: a backend that sets it is not compressed; never relayed. */
    static final String NO_COMPRESSION = "No-Gzip-Compression";

    private enum State { UNDECIDED, PLAIN, HOLDING, COMPRESSING }

    private final ContentCoding coding;
    private final CompressOptions options;
    private final Context context;
    private final Exchange exchange;
    private State state = State.UNDECIDED;
    private boolean optedOut;
    private Buffer held;
    private BodyEncoder encoder;
    private boolean flushQueued;
    private boolean released;

    CompressFilter(ResponseWriter next, ContentCoding coding, CompressOptions options, Context context, Exchange exchange) {
        super(next);
        this.coding = coding;
        this.options = options;
        this.context = context;
        this.exchange = exchange;
        exchange.onFinish(this::release);
    }

    @Override
    protected void onHead() {
        MultiMap headers = headers();
        optedOut = headers.contains(NO_COMPRESSION);
        headers.remove(NO_COMPRESSION);
        onlyOneVary(headers);
    }

    @Override
    public void writeHead() {
        if (released) {
            return; // the exchange is over (the client went away)
        }
        decide();
        if (state != State.HOLDING) {
            next.writeHead();
        }
        // Holding: the head goes out with the first bytes, as Traefik sends nothing before it has decided.
    }

    @Override
    public void write(Buffer chunk) {
        if (released) {
            return;
        }
        decide();
        switch (state) {
            case PLAIN -> next.write(chunk);
            case COMPRESSING -> compress(chunk);
            case HOLDING -> {
                held.appendBuffer(chunk);
                if (held.length() >= options.minBytes()) {
                    Buffer body = held;
                    held = null;
                    if (startCompressing()) {
                        compress(body);
                    } else {
                        next.write(body);
                    }
                } else {
                    queueFlush();
                }
            }
            case UNDECIDED -> throw new IllegalStateException("undecided after decide()");
        }
    }

    @Override
    public void end(Buffer last) {
        if (released) {
            markEnded();
            return;
        }
        decide();
        markEnded();
        if (state == State.HOLDING) {
            Buffer body = last == null ? held : held.appendBuffer(last);
            held = null;
            if (body.length() >= options.minBytes() && startCompressing()) {
                finish(body);
            } else {
                state = State.PLAIN;
                endWith(body);
            }
            return;
        }
        if (state == State.COMPRESSING) {
            finish(last);
        } else {
            next.end(last);
        }
    }

    /** Once, when the head is committed: how this response is sent. */
    private void decide() {
        commitHead();
        if (state != State.UNDECIDED) {
            return;
        }
        long length = eligibleLength();
        if (length == -2 || length == 0) {
            state = State.PLAIN;
        } else if (length > 0) {
            if (length < options.minBytes() || !startCompressing()) {
                state = State.PLAIN;
            }
        } else {
            state = State.HOLDING;
            held = Buffer.buffer();
        }
    }

    /** -2: not to be compressed; -1: eligible, length unknown; else the announced length. */
    private long eligibleLength() {
        int status = statusCode();
        MultiMap headers = headers();
        if (status < 200 || status == 204 || status == 304 || optedOut
                || !blank(headers.get("Content-Encoding")) || !blank(headers.get("Content-Range"))) {
            return -2;
        }
        String type = headers.get("Content-Type");
        if (blank(type)) {
            // No type to compare: compressed unless only listed types may be (Traefik sniffs the body here; jwtgate does not).
            if (!options.includedTypes().isEmpty()) {
                return -2;
            }
        } else {
            try {
                if (!options.compressible(MediaType.parse(type))) {
                    return -2;
                }
            } catch (IllegalArgumentException unparsable) {
                return -2;
            }
        }
        String length = headers.get("Content-Length");
        if (length != null) {
            try {
                return Math.max(0, Long.parseLong(length.strip()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /** Makes the encoder and sets the compressed response's headers; false (and plain) when no encoder can be made. */
    private boolean startCompressing() {
        try {
            encoder = new BodyEncoder(coding);
        } catch (IOException | RuntimeException | LinkageError e) {
            // Traefik answers 500 when it cannot make an encoder; here the response is already on its way: send it as it is.
            LOG.debug("compress: cannot create the {} encoder, sending the response uncompressed: {}", coding.token(), e.toString());
            state = State.PLAIN;
            return false;
        }
        MultiMap headers = headers();
        headers.remove("Content-Length").remove("Accept-Ranges");
        headers.set("Content-Encoding", coding.token());
        state = State.COMPRESSING;
        return true;
    }

    /** Encodes a chunk, writes what the encoder gave, and queues the flush of the rest. */
    private void compress(Buffer chunk) {
        if (emit(chunk)) {
            queueFlush();
        }
    }

    private boolean emit(Buffer chunk) {
        if (released) {
            return false;
        }
        try {
            Buffer out = encoder.write(chunk);
            if (out.length() > 0) {
                next.write(out);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            broken(e);
            return false;
        }
    }

    private void finish(Buffer last) {
        if (released) {
            return;
        }
        try {
            Buffer out = encoder.finish(last);
            released = true;
            endWith(out);
        } catch (IOException | RuntimeException e) {
            broken(e);
        }
    }

    /**
     * Ends below with the whole body at once: it then gets its length, unless trailers follow
     * (a body with a Content-Length cannot carry them), in which case it is written as a stream.
     */
    private void endWith(Buffer body) {
        if (body.length() > 0 && !trailers().isEmpty()) {
            next.write(body);
            next.end((Buffer) null);
        } else {
            next.end(body);
        }
    }

    /** Queues one flush behind the reads of this event-loop turn (see the class comment). */
    private void queueFlush() {
        if (flushQueued) {
            return;
        }
        if (context == null) {
            flush();
            return;
        }
        flushQueued = true;
        context.runOnContext(v -> {
            flushQueued = false;
            flush();
        });
    }

    private void flush() {
        if (ended() || released || next.closed()) {
            return;
        }
        if (state == State.HOLDING && held.length() > 0) {
            // The backend paused before minResponseBodyBytes: a stream, compressed from here on.
            Buffer body = held;
            held = null;
            if (!startCompressing()) {
                next.write(body);
                return;
            }
            if (!emit(body)) {
                return;
            }
        }
        if (state != State.COMPRESSING) {
            return;
        }
        try {
            Buffer out = encoder.flush();
            if (out.length() > 0) {
                next.write(out);
            }
        } catch (IOException | RuntimeException e) {
            broken(e);
        }
    }

    /** The encoder failed mid-body: the head is out, so the only honest signal left is to cut the response. */
    private void broken(Exception e) {
        LOG.debug("compress: the {} encoder failed mid-response: {}", coding.token(), e.toString());
        release();
        exchange.request().connection().close();
    }

    private void release() {
        held = null;
        if (encoder != null && !released) {
            released = true;
            encoder.close();
        }
        released = true;
    }

    /** The middleware adds {@code Vary: Accept-Encoding} before the chain runs; a chain run twice must not repeat it. */
    private static void onlyOneVary(MultiMap headers) {
        List<String> vary = headers.getAll("Vary");
        if (vary.stream().filter(v -> v.strip().equalsIgnoreCase("Accept-Encoding")).count() < 2) {
            return;
        }
        headers.remove("Vary");
        boolean seen = false;
        for (String v : vary) {
            boolean acceptEncoding = v.strip().equalsIgnoreCase("Accept-Encoding");
            if (!acceptEncoding || !seen) {
                headers.add("Vary", v);
            }
            seen |= acceptEncoding;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
