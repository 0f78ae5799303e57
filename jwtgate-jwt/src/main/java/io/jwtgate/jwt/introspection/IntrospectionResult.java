package io.jwtgate.jwt.introspection;

import io.jwtgate.jwt.json.JsonValue;

/** What the introspection endpoint said about a token (RFC 7662 section 2.2), or that it could not say. */
public sealed interface IntrospectionResult {

    /** {@code "active": true}, with the whole answer as the token's claims. */
    record Active(JsonValue.JsonObject claims) implements IntrospectionResult {}

    /** {@code "active": false}: revoked, expired, unknown or not meant for this client. */
    record Inactive() implements IntrospectionResult {}

    /** No usable answer (down, timed out, refused our client credentials, not JSON, no boolean {@code active}): fail closed. */
    record Unavailable(String detail) implements IntrospectionResult {}
}
