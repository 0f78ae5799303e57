package io.jwtgate.jwt;

import io.jwtgate.jwt.http.Challenges;
import java.util.Collection;

/**
 * Builds {@code WWW-Authenticate: Bearer ...} challenges for callers outside this library (the
 * gateway's MCP middleware, and the JWT middleware on a route whose protected-resource metadata the
 * gateway serves), with the same escaping guarantee as the JWT middleware's own challenges: a value
 * that would need escaping in a quoted string is refused, never sent.
 */
public final class BearerChallenge {

    private BearerChallenge() {}

    /**
     * @param error            {@code invalid_request}, {@code invalid_token}, {@code insufficient_scope}, or null (no token was sent)
     * @param scopes           scope tokens for {@code scope="..."} (omitted when empty)
     * @param resourceMetadata the protected-resource metadata URL, or null
     * @throws IllegalArgumentException when a value is not a valid scope token, error code or quotable URL
     */
    public static String of(String error, Collection<String> scopes, String resourceMetadata) {
        return Challenges.bearer(error, scopes, resourceMetadata);
    }

    /** The challenge of a JWT denial, with {@code scope} and {@code resource_metadata} of the route instead of the middleware's own. */
    public static String forDenial(AuthOutcome.Denied denied, Collection<String> scopes, String resourceMetadata) {
        String error = denied.status() == 403 ? "insufficient_scope" : denied.reason() == DenyReason.MISSING_TOKEN ? null : "invalid_token";
        return of(error, scopes, resourceMetadata);
    }

    /** A scope-token of RFC 6749 section 3.3 (printable ASCII without space, {@code "} or {@code \}). */
    public static boolean isScopeToken(String scope) {
        return Challenges.isScopeToken(scope);
    }

    /** True when {@code value} can be sent in a quoted string unescaped (printable ASCII without space, {@code "} or {@code \}). */
    public static boolean isQuotable(String value) {
        return Challenges.isQuotable(value);
    }
}
