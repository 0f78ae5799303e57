package io.jwtgate.jwt.token;

import io.jwtgate.jwt.json.JsonValue;
import java.util.Arrays;

/**
 * Remembers recently parsed protected headers by their exact base64url text. Every token of an issuer
 * carries the same header ({@code {"alg":"RS256","kid":"k1","typ":"JWT"}}), so most requests skip its
 * decoding, parsing and checks (a third of an HS256 parse). Only headers that passed every check are
 * kept; a header is a pure function of its text, so a hit is exactly what parsing would return.
 *
 * <p>Direct-mapped and lock-free: a slot holds one immutable entry (final fields: safe to publish through
 * a racy array write); a collision simply replaces the entry. An attacker sending many distinct headers
 * only makes lookups miss, which costs what parsing costs anyway; memory stays {@link #SLOTS} entries.
 */
final class HeaderMemo {

    /** Parsed header, with the text it was parsed from. */
    record Entry(byte[] encoded, JsonValue.JsonObject header, JwsAlgorithm algorithm, String kid) {}

    private static final int SLOTS = 256;
    /** Longer headers (unusual: x5c chains) are parsed every time rather than kept. */
    static final int MAX_ENCODED_LENGTH = 1024;

    private final Entry[] slots = new Entry[SLOTS];

    /** The entry for {@code token[0, length)}, or null. */
    Entry lookup(byte[] token, int length) {
        Entry e = slots[slot(token, length)];
        return e != null && Arrays.equals(e.encoded, 0, e.encoded.length, token, 0, length) ? e : null;
    }

    void remember(byte[] token, int length, JsonValue.JsonObject header, JwsAlgorithm algorithm, String kid) {
        if (length <= MAX_ENCODED_LENGTH) {
            slots[slot(token, length)] = new Entry(Arrays.copyOf(token, length), header, algorithm, kid);
        }
    }

    /**
     * Mixes the length and the last four characters, where headers of one issuer differ (a {@code kid} ends
     * the JSON, and base64url spreads its bytes over the last characters). Collisions only cost a parse.
     */
    private static int slot(byte[] token, int length) {
        int h = length;
        if (length >= 4) {
            h = h * 0x01000193 ^ (token[length - 1] | token[length - 2] << 8 | token[length - 3] << 16 | token[length - 4] << 24);
        }
        h *= 0x9e3779b1;
        return h >>> 24; // the top 8 bits: SLOTS = 256
    }
}
