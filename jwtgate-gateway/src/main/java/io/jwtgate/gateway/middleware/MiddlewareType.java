package io.jwtgate.gateway.middleware;

import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.jwt.config.ConfigException;

/** Builds middlewares of one type ({@code stripPrefix}, {@code plugin.jwt}, ...) from their options. */
@FunctionalInterface
public interface MiddlewareType {

    /** Validates the options completely; an exception here disables every router that uses the middleware. */
    Middleware build(MiddlewareConfig config, BuildContext context) throws ConfigException;

    /**
     * True when a build checks the configuration's services ({@link BuildContext#serviceNames()}):
     * such a middleware is built again when the set of services changes, not reused from the
     * previous configuration, so that a service removed later disables it as it would at start.
     */
    default boolean readsServices() {
        return false;
    }

    /** {@code build}, for a type that reads the services (see {@link #readsServices()}). */
    static MiddlewareType readingServices(MiddlewareType build) {
        return new MiddlewareType() {
            @Override
            public Middleware build(MiddlewareConfig config, BuildContext context) throws ConfigException {
                return build.build(config, context);
            }

            @Override
            public boolean readsServices() {
                return true;
            }
        };
    }
}
