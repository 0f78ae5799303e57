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
    /** Names by first byte (all ASCII letters), with their bytes for comparing. */
    private static final String[][] BY_FIRST = new String[128][];
    private static final byte[][][] BYTES_BY_FIRST = new byte[128][][];

    static {
        for (String name : NAMES) {
            int first = name.charAt(0);
            String[] bucket = BY_FIRST[first];
            int n = bucket == null ? 0 : bucket.length;
            BY_FIRST[first] = bucket == null ? new String[1] : Arrays.copyOf(bucket, n + 1);
            BYTES_BY_FIRST[first] = bucket == null ? new byte[1][] : Arrays.copyOf(BYTES_BY_FIRST[first], n + 1);
            name.hashCode(); // computed once here, cached in the string
            BY_FIRST[first][n] = name;
            BYTES_BY_FIRST[first][n] = name.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private CommonNames() {}

    /** The shared string equal to the ASCII bytes {@code b[from, from + length)}, or null. */
    static String lookup(byte[] b, int from, int length) {
        if (length == 0 || b[from] < 0) {
            return null;
        }
        byte[][] candidates = BYTES_BY_FIRST[b[from]];
        if (candidates == null) {
            return null;
        }
        for (int i = 0; i < candidates.length; i++) {
            byte[] name = candidates[i];
            if (name.length == length && Arrays.equals(name, 0, length, b, from, from + length)) {
                return BY_FIRST[b[from]][i];
            }
        }
        return null;
    }
}
