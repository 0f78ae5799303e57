package io.jwtgate.gateway.middleware;

import io.vertx.core.Vertx;
import java.util.function.Consumer;

/**
 * What middleware types may use while building: the Vert.x instance (timers, contexts), a sink
 * for startup warnings, and a resolver for secret references ({@code env:}, {@code file:}, {@code urn:k8s:secret:}).
 */
public record BuildContext(Vertx vertx, Consumer<String> warnings, SecretLookup secrets) {

    /** Resolves a secret reference in the namespace of the middleware being built; null when not a reference. */
    @FunctionalInterface
    public interface SecretLookup {
        String resolve(String middlewareName, String value) throws Exception;
    }
}
