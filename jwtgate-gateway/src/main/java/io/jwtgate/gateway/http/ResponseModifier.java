package io.jwtgate.gateway.http;

import io.vertx.core.MultiMap;

/**
 * Edits the head of the response just before it is written, whoever writes it: the backend, the
 * gateway itself (a 401 of the JWT middleware, a 503), or a middleware further down the chain. As
 * Traefik's response modifiers do: the one registered last (innermost) runs first, so a middleware
 * earlier in the chain has the last word. Framing headers ({@code Content-Length},
 * {@code Transfer-Encoding}) are the gateway's: edits to them are undone.
 */
@FunctionalInterface
public interface ResponseModifier {

    void modify(int status, MultiMap headers);
}
