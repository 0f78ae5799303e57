package io.jwtgate.jwt.http;

/**
 * {@code WWW-Authenticate} values (decision 6, RFC 6750 section 3, RFC 9728 section 5.1):
 * {@code Bearer} for a missing token, {@code Bearer error="invalid_token"} when a token was presented,
 * {@code Bearer error="insufficient_scope"} for a 403, each with {@code resource_metadata} when configured.
 */
public final class Challenges {

    private final String missing;
    private final String invalid;
    private final String forbidden;

    /** @param resourceMetadata the {@code wwwAuthenticate} option, or null; validated to need no escaping */
    public Challenges(String resourceMetadata) {
        String rm = resourceMetadata == null ? null : "resource_metadata=\"" + resourceMetadata + "\"";
        this.missing = rm == null ? "Bearer" : "Bearer " + rm;
        this.invalid = "Bearer error=\"invalid_token\"" + (rm == null ? "" : ", " + rm);
        this.forbidden = "Bearer error=\"insufficient_scope\"" + (rm == null ? "" : ", " + rm);
    }

    public String forStatus(int status, boolean tokenPresented) {
        if (status == 403) {
            return forbidden;
        }
        return tokenPresented ? invalid : missing;
    }
}
