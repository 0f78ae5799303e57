package io.jwtgate.gateway.middleware;

import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.jwt.config.ConfigException;

/** Builds middlewares of one type ({@code stripPrefix}, {@code plugin.jwt}, ...) from their options. */
@FunctionalInterface
public interface MiddlewareType {

    /** Validates the options completely; an exception here disables every router that uses the middleware. */
    Middleware build(MiddlewareConfig config, BuildContext context) throws ConfigException;
}
