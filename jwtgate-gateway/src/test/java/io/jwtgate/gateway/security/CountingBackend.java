package io.jwtgate.gateway.security;

import io.jwtgate.gateway.support.Backend;
import java.util.concurrent.atomic.AtomicInteger;

/** A backend that counts the complete requests reaching it: an attack test asserts the count did not move. */
final class CountingBackend implements AutoCloseable {

    private final AtomicInteger hits = new AtomicInteger();
    private final Backend backend;

    CountingBackend() throws Exception {
        backend = Backend.start(request -> request.body().onSuccess(body -> {
            hits.incrementAndGet();
            StringBuilder headers = new StringBuilder();
            request.headers().forEach(h -> headers.append(h.getKey().toLowerCase()).append(": ").append(h.getValue()).append('\n'));
            request.response().putHeader("Content-Type", "text/plain").end(headers.toString());
        }));
    }

    int hits() {
        return hits.get();
    }

    String url() {
        return backend.url();
    }

    @Override
    public void close() throws Exception {
        backend.close();
    }
}
