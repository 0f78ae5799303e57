package io.jwtgate.gateway.config.dynamic;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;

/**
 * {@code http.services.<name>}: exactly one type key ({@code loadBalancer}, {@code weighted}, ...)
 * with its options, kept as a raw node so that each service type validates its own options (as
 * middlewares do). Every provider produces this shape: the Kubernetes provider writes the options
 * a file would hold.
 *
 * @param type    the type key as written, e.g. {@code loadBalancer}; null when the definition is broken
 * @param options the options node (key paths in errors start from it)
 * @param error   set when the definition itself is invalid (no type, several types, a provider-level error)
 */
public record ServiceConfig(String name, String type, ConfigNode options, String source, ConfigException error) {

    public static ServiceConfig of(String name, String type, ConfigNode options, String source) {
        return new ServiceConfig(name, type, options, source, null);
    }

    public static ServiceConfig broken(String name, String source, ConfigException error) {
        return new ServiceConfig(name, null, ConfigNode.missing(source, ""), source, error);
    }

    /** Equal for two definitions that build the same service (reuse across reloads, conflicts between files). */
    public String fingerprint() {
        return name + "|" + type + "|" + options.toPlain() + "|" + (error == null ? "" : error.getMessage());
    }
}
