package io.jwtgate.gateway.middleware.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.apache.commons.codec.digest.Md5Crypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The htpasswd formats Traefik accepts (through {@code go-http-auth}'s {@code CheckSecret}):
 * bcrypt ({@code $2y$}, {@code $2b$}, {@code $2a$}, {@code $2x$}), SHA-1 ({@code {SHA}} + base64)
 * and MD5-crypt ({@code $apr1$}, {@code $1$}). Anything else, a plain-text password included, never
 * matches. The hashing is library code (BouncyCastle, commons-codec); comparisons are constant-time.
 */
final class HtpasswdHash {

    private HtpasswdHash() {}

    /** The format of a stored hash, or null when Traefik would never accept a password for it. */
    static String format(String hash) {
        if (hash.startsWith("$2y$") || hash.startsWith("$2b$") || hash.startsWith("$2a$") || hash.startsWith("$2x$")) {
            return "bcrypt";
        }
        if (hash.startsWith("{SHA}")) {
            return "sha1";
        }
        if (hash.startsWith("$apr1$") || hash.startsWith("$1$")) {
            return "md5-crypt";
        }
        return null;
    }

    /** Whether {@code password} matches {@code hash}; false for any malformed or unknown hash. Slow for bcrypt: never on an event loop. */
    static boolean matches(String password, String hash) {
        try {
            String format = format(hash);
            if (format == null) {
                return false;
            }
            return switch (format) {
                case "bcrypt" -> {
                    // BouncyCastle checks $2a$/$2y$/$2b$; $2x$ is treated like $2y$ as go-http-auth does.
                    String normalized = hash.startsWith("$2x$") ? "$2y$" + hash.substring(4) : hash;
                    yield OpenBSDBCrypt.checkPassword(normalized, password.getBytes(StandardCharsets.UTF_8));
                }
                case "sha1" -> {
                    byte[] digest = MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
                    yield constantTimeEquals(Base64.getEncoder().encodeToString(digest), hash.substring(5));
                }
                default -> {
                    String salt = hash.substring(0, hash.lastIndexOf('$'));
                    String computed = hash.startsWith("$apr1$") ? Md5Crypt.apr1Crypt(password.getBytes(StandardCharsets.UTF_8), salt)
                            : Md5Crypt.md5Crypt(password.getBytes(StandardCharsets.UTF_8), salt);
                    yield constantTimeEquals(computed, hash);
                }
            };
        } catch (NoSuchAlgorithmException | RuntimeException e) { // a malformed hash (BouncyCastle and commons-codec throw) never matches
            return false;
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
