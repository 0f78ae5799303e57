package io.jwtgate.jwt.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Whether a credential can be a single compact token: printable ASCII without space or comma.
 * Checked eight bytes at a time: on a cached token this is the only pass over its 600-odd
 * characters besides the cache key's digest, and the character loop cost 2.4 % of such a request
 * (docs/benchmarks.md, "Header bytes"). {@code String.getBytes(UTF_8)} of an ASCII string is one
 * array copy, and longer than the string when anything is not ASCII. The word tests are exact as
 * booleans for bytes below 0x80 ("Bit Twiddling Hacks": a byte less than n, a byte equal to zero).
 * The gateway's field-value check (gateway {@code http/AsciiFieldBytes}) uses the same tests; they are
 * not shared because this package is not part of the library's exported API.
 */
final class CredentialChars {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long BELOW_EXCLAMATION = 0x21 * ONES;
    private static final long COMMAS = ',' * ONES;
    private static final long DELS = 0x7F * ONES;

    private CredentialChars() {}

    static boolean isSingleToken(String credential) {
        byte[] bytes = credential.getBytes(StandardCharsets.UTF_8);
        if (bytes.length != credential.length()) {
            return false; // not ASCII
        }
        int i = 0;
        for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            if ((below(word) | zeroByte(word ^ COMMAS) | zeroByte(word ^ DELS)) != 0) {
                return false;
            }
        }
        for (; i < bytes.length; i++) {
            int c = bytes[i];
            if (c <= ' ' || c == ',' || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** Non-zero when a byte of {@code word} is at most a space. */
    private static long below(long word) {
        return (word - BELOW_EXCLAMATION) & ~word & HIGH_BITS;
    }

    private static long zeroByte(long word) {
        return (word - ONES) & ~word & HIGH_BITS;
    }
}
