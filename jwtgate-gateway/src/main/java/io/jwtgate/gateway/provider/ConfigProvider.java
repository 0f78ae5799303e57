package io.jwtgate.gateway.provider;

import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.io.IOException;

/**
 * A source of dynamic configuration (Traefik's providers): the file provider, the Kubernetes
 * manifest and API providers. A provider knows nothing of HTTP; it turns its source into a
 * {@link DynamicConfig} whose element names carry its suffix ({@code name@file},
 * {@code namespace-name@kubernetescrd}).
 */
public interface ConfigProvider extends AutoCloseable {

    /** The suffix of this provider's element names, e.g. {@code file} or {@code kubernetescrd}. */
    String name();

    /** A complete snapshot of the provider's configuration. Throwing keeps the last good snapshot. */
    DynamicConfig load() throws ConfigException;

    /** Starts watching the source; {@code onChange} runs (on any thread) after each change. Returns at once. */
    void watch(Runnable onChange) throws IOException;

    /**
     * Resolves a secret reference such as {@code urn:k8s:secret:<name>:<key>} for a middleware of
     * this provider (the reference is relative to the middleware's namespace).
     *
     * @return the secret, or null when the value is not a reference this provider knows
     * @throws Exception with an operator-readable message when it is one but cannot be resolved
     */
    default String resolveSecret(String middlewareName, String value) throws Exception {
        return null;
    }

    /**
     * True when the source is the state of a system rather than an edit in progress (Kubernetes):
     * its changes are applied even when they disable routers, so that a deleted Secret or Middleware
     * fails closed instead of leaving the previous credentials in force. False (the file provider):
     * a change that adds problems is rejected and the last good configuration keeps serving.
     */
    default boolean authoritative() {
        return false;
    }

    @Override
    default void close() {}
}
