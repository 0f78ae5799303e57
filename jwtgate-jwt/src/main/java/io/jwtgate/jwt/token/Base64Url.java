package io.jwtgate.jwt.token;

/**
 * Strict base64url decoding (RFC 7515 section 2): alphabet {@code A-Z a-z 0-9 - _} only, no padding,
 * no whitespace, and the unused low bits of the last character must be zero so that every byte
 * string has exactly one accepted encoding (attacks #23).
 */
public final class Base64Url {

    private static final byte[] DECODE = new byte[128];

    static {
        java.util.Arrays.fill(DECODE, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            DECODE[alphabet.charAt(i)] = (byte) i;
        }
    }

    private Base64Url() {}

    /** Decodes {@code s[from, to)}; returns null when the text is not canonical base64url. */
    public static byte[] decode(CharSequence s, int from, int to) {
        int len = to - from;
        if (len % 4 == 1) {
            return null;
        }
        byte[] out = new byte[len / 4 * 3 + (len % 4 == 0 ? 0 : len % 4 - 1)];
        int acc = 0;
        int bits = 0;
        int o = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int v = c < 128 ? DECODE[c] : -1;
            if (v < 0) {
                return null;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >> bits);
                acc &= (1 << bits) - 1;
            }
        }
        // Leftover bits (2 or 4) must be zero: the canonical-encoding rule.
        if (acc != 0) {
            return null;
        }
        return out;
    }

    public static byte[] decode(CharSequence s) {
        return decode(s, 0, s.length());
    }

    /** Encodes without padding (tests and tools). */
    public static String encode(byte[] data) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    }
}
