package io.jwtgate.gateway.cli;

import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.MiddlewareType;
import java.util.Map;

/** The middleware types and secret resolution the CLI's gateway is built with. */
final class GatewayPlugins {

    private GatewayPlugins() {}

    static Map<String, MiddlewareType> middlewareTypes() {
        return Map.of();
    }

    static BuildContext.SecretLookup secretLookup() {
        return (middleware, value) -> null;
    }
}
