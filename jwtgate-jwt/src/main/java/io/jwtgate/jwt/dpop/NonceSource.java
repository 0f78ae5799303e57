package io.jwtgate.jwt.dpop;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server nonces (RFC 9449 section 9) without state: a nonce is a time window number and an HMAC of it
 * under a key drawn at startup, valid in its window and the next one. Each middleware (and each
 * replica) has its own key, so a nonce of one replica is refused by another: clients then retry with
 * the fresh nonce of the answer (docs).
 */
final class NonceSource {

    private final byte[] key = new byte[32];
    private final long windowMillis;

    NonceSource(long windowMillis) {
        new SecureRandom().nextBytes(key);
        this.windowMillis = Math.max(1000, windowMillis);
    }

    String current(long nowMillis) {
        return encode(nowMillis / windowMillis);
    }

    boolean valid(String nonce, long nowMillis) {
        if (nonce == null || nonce.length() > 64) {
            return false;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (raw.length != 24) {
            return false;
        }
        long window = ByteBuffer.wrap(raw, 0, 8).getLong();
        long now = nowMillis / windowMillis;
        return (window == now || window == now - 1) && MessageDigest.isEqual(Arrays.copyOfRange(raw, 8, 24), mac(window));
    }

    private String encode(long window) {
        ByteBuffer b = ByteBuffer.allocate(24).putLong(window).put(mac(window));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    private byte[] mac(long window) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(ByteBuffer.allocate(8).putLong(window).array()), 16);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
