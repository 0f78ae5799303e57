package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.BodyFraming;
import io.jwtgate.gateway.http.BodyTransform;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.http.SpooledBody;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the request body to the backend for the {@link Forwarder}: a body a middleware holds
 * (in memory or spooled), or the client's, streamed with backpressure and the entry point's limit.
 */
final class RequestBodySender {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBodySender.class);

    private RequestBodySender() {}

    /**
     * Frames the body we forward ourselves, from the framing decided at the entry point: a buffered
     * or spooled body or a validated Content-Length is sent with that length, anything else chunked. The client's
     * framing headers were never copied, so the backend cannot read the body differently from us.
     */
    static void send(Exchange exchange, BackendRequest out) {
        HttpServerRequest in = exchange.request();
        BodyTransform transform = exchange.upstream().bodyTransform();
        Buffer buffered = exchange.upstream().bufferedBody();
        if (buffered != null && transform != null) {
            Buffer first = transform(exchange, out, transform, buffered);
            Buffer rest = first == null ? null : transform(exchange, out, transform, null);
            if (rest != null) {
                out.setChunked(true);
                out.end(first.appendBuffer(rest));
            }
            return;
        }
        if (buffered != null) {
            if (buffered.length() == 0 && (out.method() == HttpMethod.GET || out.method() == HttpMethod.HEAD)) {
                out.end(); // as Go: no Content-Length for an empty GET (an error page request)
                return;
            }
            out.putHeader("Content-Length", String.valueOf(buffered.length()));
            out.end(buffered);
            return;
        }
        SpooledBody spooled = exchange.upstream().spooledBody();
        if (spooled != null) {
            out.putHeader("Content-Length", Long.toString(spooled.length()));
            spooled.writeTo(out).onComplete(ar -> {
                if (ar.succeeded()) {
                    out.end();
                } else {
                    out.reset();
                }
            });
            return;
        }
        BodyFraming framing = exchange.framing();
        if (!framing.hasBody()) {
            out.end();
            in.resume();
            return;
        }
        long declared = framing instanceof BodyFraming.Length length ? length.bytes() : -1;
        if (declared >= 0 && transform == null) {
            out.putHeader("Content-Length", Long.toString(declared));
        }
        // Without a length (chunked HTTP/1.1, or HTTP/2), whether a body exists is only known when the
        // first chunk or the end arrives: switch to chunked on the first chunk.
        // Hand-written pipe rather than send(ReadStream): it enforces the body-size limit on chunked
        // bodies and the declared length, and stops when the exchange is aborted.
        long limit = exchange.upstream().maxBodyBytes();
        Buffer prefix = exchange.upstream().bodyPrefix();
        long[] received = {prefix == null ? 0 : prefix.length()};
        if (prefix != null) {
            Buffer first = transform == null ? prefix : transform(exchange, out, transform, prefix);
            if (first == null) {
                return;
            }
            out.setChunked(declared < 0 || transform != null);
            out.write(first);
        }
        in.handler(chunk -> {
            received[0] += chunk.length();
            if (limit > 0 && received[0] > limit) {
                in.handler(null);
                // Answer first: resetting the upstream request would otherwise surface as a 502.
                Responses.payloadTooLarge(exchange);
                out.reset();
                exchange.request().connection().close();
                return;
            }
            if (declared >= 0 && received[0] > declared) {
                // The codecs already enforce the length; never send the backend more than we announced.
                in.handler(null);
                out.reset();
                exchange.request().connection().close();
                return;
            }
            Buffer data = transform == null ? chunk : transform(exchange, out, transform, chunk);
            if (data == null) {
                in.handler(null);
                return;
            }
            if (data.length() == 0) {
                return;
            }
            if ((declared < 0 || transform != null) && !out.isChunked()) {
                out.setChunked(true);
            }
            out.write(data);
            if (out.writeQueueFull()) {
                in.pause();
                out.drainHandler(v -> in.resume());
            }
        });
        in.endHandler(v -> {
            if (transform == null) {
                out.end();
                return;
            }
            Buffer rest = transform(exchange, out, transform, null);
            if (rest != null && rest.length() > 0) {
                if (!out.isChunked()) {
                    out.setChunked(true);
                }
                out.end(rest);
            } else if (rest != null) {
                out.end();
            }
        });
        exchange.continueIfExpected();
        in.resume();
    }

    /**
     * What {@code transform} makes of {@code chunk} (null: the end of the body); null once the body
     * proved untransformable, after answering 502 and resetting the backend request.
     */
    private static Buffer transform(Exchange exchange, BackendRequest out, BodyTransform transform, Buffer chunk) {
        try {
            return chunk == null ? transform.end() : transform.chunk(chunk);
        } catch (IllegalArgumentException e) {
            LOG.debug("request body for {} cannot be rewritten: {}", exchange.facts().upstreamAddress(), e.getMessage());
            Responses.badGateway(exchange);
            out.reset();
            return null;
        }
    }
}
