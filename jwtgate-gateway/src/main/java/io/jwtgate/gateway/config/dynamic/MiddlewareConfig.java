package io.jwtgate.gateway.config.dynamic;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;

/**
 * {@code http.middlewares.<name>}: exactly one type key ({@code stripPrefix}, {@code plugin.jwt}, ...)
 * with its options, kept as a raw node so that each middleware type validates its own options.
 *
 * @param type    the type key, e.g. {@code stripPrefix}, or {@code plugin.jwt} for plugins
 * @param options the options node (key paths in errors start from it)
 * @param error    set when the definition itself is invalid
 * @param revision changes when something the options refer to changes (e.g. a Kubernetes Secret's
 *                 resource version), so that the middleware is rebuilt even though its options are the same
 */
public record MiddlewareConfig(String name, String type, ConfigNode options, String source, ConfigException error, String revision) {

    public MiddlewareConfig(String name, String type, ConfigNode options, String source, ConfigException error) {
        this(name, type, options, source, error, "");
    }
}
