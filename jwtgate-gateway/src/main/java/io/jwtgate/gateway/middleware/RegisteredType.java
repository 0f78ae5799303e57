package io.jwtgate.gateway.middleware;

/**
 * One row of the middleware-type table: the key a configuration names it by ({@code stripPrefix},
 * {@code plugin.jwt}), where its options are documented, and how it is built.
 */
public record RegisteredType(String key, String docs, MiddlewareType builder) {}
