package io.jwtgate.gateway.middleware.jwt;

import io.jwtgate.gateway.http.ExchangeKey;
import java.util.List;

/**
 * What the route says about the challenges of its JWT middleware: the URL of the protected-resource
 * metadata the gateway serves for it and the scopes every request of the route needs. Set on the
 * exchange (under {@link #KEY}) by the first step of a route whose chain holds an {@code mcp}
 * middleware; the JWT middleware then sends {@code scope="..."} and, when its own
 * {@code wwwAuthenticate} is unset, {@code resource_metadata} pointing to the served document.
 *
 * @param resourceMetadata an absolute URL that needs no escaping in a quoted string
 * @param scopes           scope tokens, {@code offline_access} excluded
 */
public record RouteChallenge(String resourceMetadata, List<String> scopes) {

    public static final ExchangeKey<RouteChallenge> KEY = new ExchangeKey<>("route challenge", RouteChallenge.class);

    public RouteChallenge {
        scopes = List.copyOf(scopes);
    }
}
