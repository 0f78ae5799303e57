package io.jwtgate.jwt.keys;

import java.util.concurrent.CompletableFuture;

/** Produces a fresh key set asynchronously: a JWKS URL, or OpenID discovery then its {@code jwks_uri}. Never completes exceptionally. */
@FunctionalInterface
public interface KeySetLoader {

    CompletableFuture<FetchResult> load(long nowMillis);
}
