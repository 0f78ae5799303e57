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
        int rem = len % 4;
        if (len < 0 || rem == 1) {
            return null;
        }
        byte[] out = new byte[len / 4 * 3 + (rem == 0 ? 0 : rem - 1)];
        int o = 0;
        int i = from;
        // Four characters -> three bytes; any character outside the alphabet makes the OR negative.
        for (int end = to - rem; i < end; i += 4) {
            int a = value(s.charAt(i));
            int b = value(s.charAt(i + 1));
            int c = value(s.charAt(i + 2));
            int d = value(s.charAt(i + 3));
            if ((a | b | c | d) < 0) {
                return null;
            }
            int x = (a << 18) | (b << 12) | (c << 6) | d;
            out[o++] = (byte) (x >> 16);
            out[o++] = (byte) (x >> 8);
            out[o++] = (byte) x;
        }
        if (rem == 2) {
            int a = value(s.charAt(i));
            int b = value(s.charAt(i + 1));
            // 12 bits for one byte: the 4 leftover bits must be zero (the canonical-encoding rule).
            if ((a | b) < 0 || (b & 0x0f) != 0) {
                return null;
            }
            out[o] = (byte) ((a << 2) | (b >> 4));
        } else if (rem == 3) {
            int a = value(s.charAt(i));
            int b = value(s.charAt(i + 1));
            int c = value(s.charAt(i + 2));
            // 18 bits for two bytes: the 2 leftover bits must be zero.
            if ((a | b | c) < 0 || (c & 0x03) != 0) {
                return null;
            }
            int x = (a << 10) | (b << 4) | (c >> 2);
            out[o++] = (byte) (x >> 8);
            out[o] = (byte) x;
        }
        return out;
    }

    private static int value(char c) {
        return c < 128 ? DECODE[c] : -1;
    }

    public static byte[] decode(CharSequence s) {
        return decode(s, 0, s.length());
    }

    /** Encodes without padding (tests and tools). */
    public static String encode(byte[] data) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    }
}
