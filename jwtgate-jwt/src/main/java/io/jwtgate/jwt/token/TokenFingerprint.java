package io.jwtgate.jwt.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Log-safe identity of a token or secret: the first 12 hex digits of its SHA-256, never the value. */
public final class TokenFingerprint {

    private TokenFingerprint() {}

    public static String of(String secret) {
        return of(secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8));
    }

    public static String of(byte[] secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
