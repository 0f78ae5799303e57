package io.jwtgate.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * A request body a middleware read whole from the client and keeps partly outside memory (the
 * {@code buffering} middleware spills what exceeds {@code memRequestBodyBytes} to a temporary
 * file): its length is known, and it can be sent any number of times (a retried attempt sends it
 * again). The forwarder sends it with a {@code Content-Length}.
 */
public interface SpooledBody {

    /** The body's length in bytes. */
    long length();

    /**
     * Writes the whole body to {@code out}, waiting for each write to complete (backpressure), and
     * does not end {@code out}. The future fails when a write or the storage fails.
     */
    Future<Void> writeTo(WriteStream<Buffer> out);

    /** The whole body in memory, for a middleware that must look into it (bound {@link #length()} first). */
    Future<Buffer> read();
}
