package io.jwtgate.gateway.middleware;

import io.vertx.core.Vertx;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What middleware types may use while building: the Vert.x instance (timers, contexts), a sink
 * for startup warnings, a resolver for secret references ({@code env:}, {@code file:}, {@code urn:k8s:secret:}),
 * and the qualified names of the services the configuration defines (for middlewares that name one).
 */
public record BuildContext(Vertx vertx, Consumer<String> warnings, SecretLookup secrets, Set<String> serviceNames) {

    public BuildContext {
        serviceNames = Set.copyOf(serviceNames);
    }

    public BuildContext(Vertx vertx, Consumer<String> warnings, SecretLookup secrets) {
        this(vertx, warnings, secrets, Set.of());
    }

    /** This context for one build of a configuration that defines these services. */
    public BuildContext withServiceNames(Set<String> names) {
        return new BuildContext(vertx, warnings, secrets, names);
    }

    /**
     * The qualified name of a service a middleware names: as written when it has {@code @provider},
     * else in the middleware's provider ({@code pages} in {@code errors@file} is {@code pages@file}).
     */
    public static String qualify(String middlewareName, String serviceName) {
        if (serviceName.contains("@")) {
            return serviceName;
        }
        int at = middlewareName.indexOf('@');
        return at < 0 ? serviceName : serviceName + middlewareName.substring(at);
    }

    /** Resolves a secret reference in the namespace of the middleware being built; null when not a reference. */
    @FunctionalInterface
    public interface SecretLookup {
        String resolve(String middlewareName, String value) throws Exception;
    }
}
