package io.jwtgate.jwt.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The cache key: SHA-256 of the whole token, as four longs (a record: equals and hashCode for free,
 * no array). A cache hit skips signature verification, so the key must be collision resistant:
 * a fast non-cryptographic 128-bit hash (Murmur3, xxHash) has seed-independent multicollisions, which
 * would let a forged token share the key of a verified one. SHA-256 with the CPU's SHA extensions costs
 * about half a microsecond for a 600-character token (docs/benchmarks.md), against 16 µs for RS256 verification.
 */
public record TokenDigest(long a, long b, long c, long d) {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    });

    public static TokenDigest of(String token) {
        // Compact JWS is ASCII (anything else fails parsing anyway); ISO-8859-1 maps every char 1:1, so distinct strings stay distinct.
        byte[] h = SHA256.get().digest(token.getBytes(StandardCharsets.ISO_8859_1));
        return new TokenDigest(longAt(h, 0), longAt(h, 8), longAt(h, 16), longAt(h, 24));
    }

    private static long longAt(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    @Override
    public int hashCode() {
        return (int) a; // already uniformly distributed
    }

    @Override
    public String toString() {
        return "TokenDigest[" + Long.toHexString(a) + "...]";
    }
}
