package io.jwtgate.jwt.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A body subscriber that collects at most {@code limit} bytes and fails beyond (attacks #11: huge JWKS).
 * A declared {@code Content-Length} above the limit fails at once, without reading the body.
 */
public final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The body exceeds the limit. */
    public static final class TooLarge extends IOException {
        TooLarge(int limit) {
            super("response larger than " + limit + " bytes", null);
        }
    }

    private final int limit;
    private final boolean refuseAtOnce;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private LimitedBody(int limit, boolean refuseAtOnce) {
        this.limit = limit;
        this.refuseAtOnce = refuseAtOnce;
    }

    public static HttpResponse.BodyHandler<byte[]> handler(int limit) {
        return info -> new LimitedBody(limit, info.headers().firstValueAsLong("Content-Length").orElse(-1) > limit);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (refuseAtOnce) {
            s.cancel();
            result.completeExceptionally(new TooLarge(limit));
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            if (out.size() + b.remaining() > limit) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(limit));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.writeBytes(chunk);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }
}
