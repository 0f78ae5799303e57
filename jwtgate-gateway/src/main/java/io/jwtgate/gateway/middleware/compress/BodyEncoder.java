package io.jwtgate.gateway.middleware.compress;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One response body being encoded: chunks in, encoded bytes out, as Vert.x buffers. The encoder's
 * output goes to a sink that is emptied after each call, so nothing is copied twice and the encoder
 * never waits for I/O. Holds native memory (Brotli, Zstandard): {@link #close} releases it, also
 * when the body is abandoned half-way. One event loop; not thread-safe.
 */
final class BodyEncoder implements AutoCloseable {

    private static final Buffer EMPTY = Buffer.buffer(0);

    private final Sink sink = new Sink();
    private final OutputStream stream;
    private boolean closed;

    BodyEncoder(ContentCoding coding) throws IOException {
        this.stream = coding.open(sink);
    }

    /** Encodes {@code chunk}; returns what the encoder produced so far (often nothing: it buffers). */
    Buffer write(Buffer chunk) throws IOException {
        byte[] bytes = chunk.getBytes();
        stream.write(bytes, 0, bytes.length);
        return sink.take();
    }

    /** Everything written so far, encoded and decodable by the client (a sync flush). */
    Buffer flush() throws IOException {
        stream.flush();
        return sink.take();
    }

    /** Encodes {@code last} (null: nothing) and ends the encoded stream; releases the encoder. */
    Buffer finish(Buffer last) throws IOException {
        if (last != null && last.length() > 0) {
            // Into the sink, which the take() below empties: write() would hand its output back, and here it would be lost.
            byte[] bytes = last.getBytes();
            stream.write(bytes, 0, bytes.length);
        }
        closed = true;
        stream.close();
        return sink.take();
    }

    /** Releases the encoder without using its output (idempotent). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stream.close();
        } catch (IOException | RuntimeException ignored) {
            // the output is discarded; only the native memory matters here
        }
    }

    /** Collects the encoder's output into one Vert.x buffer per call. */
    private static final class Sink extends OutputStream {
        private Buffer buffer = Buffer.buffer();

        @Override
        public void write(int b) {
            buffer.appendByte((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            buffer.appendBytes(b, off, len);
        }

        /** The output since the last call; an empty buffer (never written to) when there is none. */
        Buffer take() {
            if (buffer.length() == 0) {
                return EMPTY;
            }
            Buffer out = buffer;
            buffer = Buffer.buffer();
            return out;
        }
    }
}
