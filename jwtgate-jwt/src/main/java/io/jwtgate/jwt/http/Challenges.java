package io.jwtgate.jwt.http;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * {@code WWW-Authenticate} values (decision 6, RFC 6750 section 3, RFC 9728 section 5.1):
 * {@code Bearer} for a missing token, {@code Bearer error="invalid_token"} when a token was presented,
 * {@code Bearer error="insufficient_scope"} for a 403, each with {@code scope} and {@code resource_metadata}
 * when known.
 *
 * <p>Escaping guarantee: every value placed in a quoted string is checked to need no escaping (no
 * {@code "}, no {@code \}, no control or non-ASCII character), so the header can never be split,
 * forged or misread; a value that would need escaping is refused where it is configured.
 */
public final class Challenges {

    /** The error codes of RFC 6750 section 3.1 this project sends. */
    public static final Set<String> ERRORS = Set.of("invalid_request", "invalid_token", "insufficient_scope");

    private final String missing;
    private final String invalid;
    private final String forbidden;

    /** @param resourceMetadata the {@code wwwAuthenticate} option, or null; validated to need no escaping */
    public Challenges(String resourceMetadata) {
        this.missing = bearer(null, List.of(), resourceMetadata);
        this.invalid = bearer("invalid_token", List.of(), resourceMetadata);
        this.forbidden = bearer("insufficient_scope", List.of(), resourceMetadata);
    }

    public String forStatus(int status, boolean tokenPresented) {
        if (status == 403) {
            return forbidden;
        }
        return tokenPresented ? invalid : missing;
    }

    /**
     * A {@code Bearer} challenge: {@code error} (null: none, as for a request without a token),
     * {@code scope} (the space-separated list; omitted when empty) and {@code resource_metadata} (null: omitted).
     *
     * @throws IllegalArgumentException when a value would need escaping (see the class comment)
     */
    public static String bearer(String error, Collection<String> scopes, String resourceMetadata) {
        StringBuilder out = new StringBuilder("Bearer");
        String separator = " ";
        if (error != null) {
            if (!ERRORS.contains(error)) {
                throw new IllegalArgumentException("not an RFC 6750 error code: " + error);
            }
            out.append(separator).append("error=\"").append(error).append('"');
            separator = ", ";
        }
        if (!scopes.isEmpty()) {
            for (String scope : scopes) {
                if (!isScopeToken(scope)) {
                    throw new IllegalArgumentException("not a scope token (RFC 6749 section 3.3): " + scope);
                }
            }
            out.append(separator).append("scope=\"").append(String.join(" ", scopes)).append('"');
            separator = ", ";
        }
        if (resourceMetadata != null) {
            if (!isQuotable(resourceMetadata)) {
                throw new IllegalArgumentException("resource_metadata would need escaping");
            }
            out.append(separator).append("resource_metadata=\"").append(resourceMetadata).append('"');
        }
        return out.toString();
    }

    /** The error codes a {@code DPoP} challenge may carry (RFC 9449 sections 7.1 and 9). */
    public static final Set<String> DPOP_ERRORS = Set.of("invalid_request", "invalid_token", "insufficient_scope", "invalid_dpop_proof", "use_dpop_nonce");

    /**
     * A {@code DPoP} challenge (RFC 9449 section 7.1): {@code error} (null: none), {@code algs} (space-separated
     * JWS algorithms) and {@code resource_metadata} (null: omitted); the same escaping guarantee.
     */
    public static String dpop(String error, String algs, String resourceMetadata) {
        StringBuilder out = new StringBuilder("DPoP");
        String separator = " ";
        if (error != null) {
            if (!DPOP_ERRORS.contains(error)) {
                throw new IllegalArgumentException("not a DPoP error code: " + error);
            }
            out.append(separator).append("error=\"").append(error).append('"');
            separator = ", ";
        }
        if (!algs.chars().allMatch(c -> c == ' ' || (c > ' ' && c < 0x7f && c != '"' && c != '\\'))) {
            throw new IllegalArgumentException("algs would need escaping");
        }
        out.append(separator).append("algs=\"").append(algs).append('"');
        if (resourceMetadata != null) {
            if (!isQuotable(resourceMetadata)) {
                throw new IllegalArgumentException("resource_metadata would need escaping");
            }
            out.append(", resource_metadata=\"").append(resourceMetadata).append('"');
        }
        return out.toString();
    }

    /** A scope-token of RFC 6749 section 3.3: one or more of %x21, %x23-5B, %x5D-7E (no space, quote or backslash). */
    public static boolean isScopeToken(String scope) {
        if (scope == null || scope.isEmpty()) {
            return false;
        }
        for (int i = 0; i < scope.length(); i++) {
            char c = scope.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** True when {@code value} can go between quotes unescaped: printable ASCII without space, {@code "} or {@code \}. */
    public static boolean isQuotable(String value) {
        return value != null && value.chars().noneMatch(c -> c == '"' || c == '\\' || c <= ' ' || c >= 0x7f);
    }
}
