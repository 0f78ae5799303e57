package io.jwtgate.gateway.config.dynamic;

import io.jwtgate.gateway.config.ConfigException;
import io.jwtgate.gateway.config.ConfigNode;

/**
 * {@code http.middlewares.<name>}: exactly one type key ({@code stripPrefix}, {@code plugin.jwt}, ...)
 * with its options, kept as a raw node so that each middleware type validates its own options.
 *
 * @param type    the type key, e.g. {@code stripPrefix}, or {@code plugin.jwt} for plugins
 * @param options the options node (key paths in errors start from it)
 * @param error   set when the definition itself is invalid
 */
public record MiddlewareConfig(String name, String type, ConfigNode options, String source, ConfigException error) {}
