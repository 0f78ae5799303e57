package io.jwtgate.jwt.claims;

import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.token.TokenRejected;
import java.util.List;

/**
 * {@code requireAccessTokenProfile} (extension): the JWT profile for OAuth 2.0 access tokens, RFC 9068.
 * The header's {@code typ} must be {@code at+jwt} (section 2.1; the media-type form
 * {@code application/at+jwt} too, compared without regard to case, RFC 7515 section 4.1.9), and the
 * claims of section 2.2 must be present. This refuses ID tokens and other JWTs of the same issuer
 * used as access tokens (attacks #20).
 */
public final class AccessTokenProfile {

    /** RFC 9068 section 2.2: required claims. */
    public static final List<String> REQUIRED = List.of("iss", "exp", "aud", "sub", "client_id", "iat", "jti");

    private AccessTokenProfile() {}

    public static void check(String typ, JsonValue.JsonObject claims) throws TokenRejected {
        if (typ == null || !(typ.equalsIgnoreCase("at+jwt") || typ.equalsIgnoreCase("application/at+jwt"))) {
            throw new TokenRejected(DenyReason.NOT_AN_ACCESS_TOKEN, typ == null ? "header has no typ (at+jwt required)"
                    : "typ is not at+jwt");
        }
        for (String name : REQUIRED) {
            JsonValue v = claims.get(name);
            boolean ok = switch (name) {
                case "exp", "iat" -> v instanceof JsonValue.JsonNumber;
                case "aud" -> v instanceof JsonValue.JsonString || (v instanceof JsonValue.JsonArray a && !a.elements().isEmpty()
                        && a.elements().stream().allMatch(e -> e instanceof JsonValue.JsonString));
                default -> v instanceof JsonValue.JsonString s && !s.value().isEmpty();
            };
            if (!ok) {
                throw new TokenRejected(DenyReason.NOT_AN_ACCESS_TOKEN, (v == null ? "claim " + name + " is missing" : "claim " + name + " has the wrong type")
                        + " (RFC 9068 section 2.2)");
            }
        }
    }
}
