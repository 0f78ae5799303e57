package io.jwtgate.jwt.dpop;

import io.jwtgate.jwt.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url): the required members of the key type, in
 * lexicographic order, as JSON without whitespace. Written here, from the proof's own header
 * members, so that the tests can check it against an independent implementation (Nimbus).
 */
public final class JwkThumbprint {

    private JwkThumbprint() {}

    /** The thumbprint, or null when a required member is missing or not a string. */
    public static String of(JsonValue.JsonObject jwk) {
        String kty = jwk.string("kty");
        List<String> members = switch (kty == null ? "" : kty) {
            case "RSA" -> List.of("e", "kty", "n");
            case "EC" -> List.of("crv", "kty", "x", "y");
            case "OKP" -> List.of("crv", "kty", "x");
            default -> null;
        };
        if (members == null) {
            return null;
        }
        StringBuilder json = new StringBuilder("{");
        for (String name : members) {
            String value = jwk.string(name);
            if (value == null) {
                return null;
            }
            // Values are base64url or short names: nothing to escape, which the check below guarantees.
            if (value.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20 || c > 0x7e)) {
                return null;
            }
            json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":\"").append(value).append('"');
        }
        json.append('}');
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(json.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
