package io.jwtgate.gateway.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Header values checked eight bytes at a time. A request's header bytes cost the gateway more than
 * anything else it does with them: checked by character at admission and again before the backend
 * write, then encoded by character, a 2,400-byte header cost 23 µs more per request than a 40-byte
 * one (docs/benchmarks.md, "Header bytes"). An ASCII value's bytes come from one array copy
 * ({@code String.getBytes(UTF_8)} of an ASCII string is one, and tells ASCII apart by its length), and
 * control characters are found a word at a time (Hacker's Delight / "Bit Twiddling Hacks": a byte
 * below n, a byte equal to zero), falling back to the byte loop only for a word that holds one (or
 * a tab, which is allowed). Hand-written because it is the hot path and no library offers it.
 */
public final class AsciiFieldBytes {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long SPACES = 0x20 * ONES;
    private static final long DELS = 0x7F * ONES;

    /** Below this length the character loop is as fast as a copy. */
    public static final int BULK_LENGTH = 32;

    private AsciiFieldBytes() {}

    /** The value's bytes when every character is below 0x80, else null. */
    public static byte[] asciiBytes(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return bytes.length == value.length() ? bytes : null;
    }

    /**
     * Whether ASCII bytes (every byte below 0x80, as {@link #asciiBytes} returns them) hold a control
     * character other than tab, or DEL: what RFC 9110 section 5.5 forbids in a field value.
     */
    public static boolean hasControl(byte[] ascii) {
        int i = 0;
        for (; i + Long.BYTES <= ascii.length; i += Long.BYTES) {
            long word = (long) LONGS.get(ascii, i);
            // Exact as booleans for bytes below 0x80: a borrow only reaches bytes above one that is already below.
            long belowSpace = (word - SPACES) & ~word & HIGH_BITS;
            long xorDel = word ^ DELS;
            long del = (xorDel - ONES) & ~xorDel & HIGH_BITS;
            if ((belowSpace | del) != 0 && hasControl(ascii, i, i + Long.BYTES)) {
                return true;
            }
        }
        return hasControl(ascii, i, ascii.length);
    }

    private static boolean hasControl(byte[] ascii, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = ascii[i];
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return true;
            }
        }
        return false;
    }
}
