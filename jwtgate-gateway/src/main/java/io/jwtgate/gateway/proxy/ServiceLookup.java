package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.ExchangeKey;

/**
 * The services of the configuration a request is served with, by qualified name
 * ({@code error-pages@file}), for middlewares that send a request to a service themselves (the
 * {@code errors} middleware's page). On every exchange under {@link #KEY}, set by the entry point
 * from the same runtime snapshot that matched the router, so a reload never mixes two configurations.
 */
public interface ServiceLookup {

    ExchangeKey<ServiceLookup> KEY = new ExchangeKey<>("services", ServiceLookup.class);

    /** The built service of that name (possibly one that answers 503 because it is invalid), or null if none. */
    ServiceHandler service(String qualifiedName);
}
