package io.jwtgate.jwt.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The member names almost every token uses, as shared constant strings: a parsed name that matches one
 * costs no allocation, and its hash code (needed by the member map) is already computed.
 */
final class CommonNames {

    private static final String[] NAMES = {"alg", "typ", "kid", "cty", "iss", "sub", "aud", "exp", "nbf", "iat",
            "jti", "azp", "sid", "scope", "scp", "roles", "groups", "email", "name", "tid", "oid", "client_id",
            "preferred_username", "email_verified", "auth_time", "nonce", "acr", "amr", "realm_access",
            "resource_access", "session_state", "given_name", "family_name", "ver", "appid", "upn", "uti", "rh"};
    /** A shared name and its ASCII bytes, for comparing with the document's bytes. */
    private record Name(String text, byte[] ascii) {}

    /** Names by first byte (all ASCII letters). */
    private static final Name[][] BY_FIRST = new Name[128][];

    static {
        for (String text : NAMES) {
            text.hashCode(); // computed once here, cached in the string
            Name[] bucket = BY_FIRST[text.charAt(0)];
            Name[] grown = bucket == null ? new Name[1] : Arrays.copyOf(bucket, bucket.length + 1);
            grown[grown.length - 1] = new Name(text, text.getBytes(StandardCharsets.US_ASCII));
            BY_FIRST[text.charAt(0)] = grown;
        }
    }

    private CommonNames() {}

    /** The shared string equal to the ASCII bytes {@code b[from, from + length)}, or null. */
    static String lookup(byte[] b, int from, int length) {
        if (length == 0 || b[from] < 0) {
            return null;
        }
        Name[] candidates = BY_FIRST[b[from]];
        if (candidates == null) {
            return null;
        }
        for (Name name : candidates) {
            if (name.ascii.length == length && Arrays.equals(name.ascii, 0, length, b, from, from + length)) {
                return name.text;
            }
        }
        return null;
    }
}
