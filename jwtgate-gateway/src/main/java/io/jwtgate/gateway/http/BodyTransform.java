package io.jwtgate.gateway.http;

import io.vertx.core.buffer.Buffer;

/**
 * Rewrites the request body on its way to the backend, chunk by chunk, without holding it whole
 * (gRPC-Web's text mode decodes base64). With a transform set ({@link UpstreamRequest#bodyTransform}),
 * the backend gets no {@code Content-Length}: the forwarder streams what the transform returns.
 * A body that cannot be transformed throws {@link IllegalArgumentException}: the client gets 502,
 * as when Go's transport cannot read the request body.
 */
public interface BodyTransform {

    /** Streams the body unchanged, without its length (Go's {@code ContentLength = -1}). */
    BodyTransform UNCHANGED = new BodyTransform() {
        @Override
        public Buffer chunk(Buffer chunk) {
            return chunk;
        }

        @Override
        public Buffer end() {
            return Buffer.buffer();
        }
    };

    /** The bytes to send for this chunk of the client's body (possibly none). */
    Buffer chunk(Buffer chunk);

    /** The bytes to send once the client's body has ended (possibly none). */
    Buffer end();
}
