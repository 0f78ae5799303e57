package io.jwtgate.gateway.middleware.grpcweb;

import io.jwtgate.gateway.http.BodyTransform;
import io.vertx.core.buffer.Buffer;

/**
 * Decodes a {@code application/grpc-web-text} request body (standard base64 alphabet, padded) as
 * it streams: each complete 4-character group is decoded at once, a group split across chunks
 * waits for its end. CR and LF are skipped (as Go's base64 decoder does). Padded groups may follow
 * each other (the gRPC-Web spec lets a sender encode each message separately); a character outside
 * the alphabet, or a body ending inside a group, makes the body invalid.
 */
final class Base64RequestBody implements BodyTransform {

    private static final int[] VALUES = new int[128];

    static {
        java.util.Arrays.fill(VALUES, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = i;
        }
    }

    private final byte[] group = new byte[4];
    private int pending;
    private long offset;

    @Override
    public Buffer chunk(Buffer chunk) {
        Buffer out = Buffer.buffer(chunk.length() / 4 * 3 + 3);
        for (int i = 0; i < chunk.length(); i++, offset++) {
            byte b = chunk.getByte(i);
            if (b == '\r' || b == '\n') {
                continue;
            }
            group[pending++] = b;
            if (pending == 4) {
                decodeGroup(out);
                pending = 0;
            }
        }
        return out;
    }

    @Override
    public Buffer end() {
        if (pending != 0) {
            throw new IllegalArgumentException("base64 body ends inside a 4-character group");
        }
        return Buffer.buffer();
    }

    private void decodeGroup(Buffer out) {
        int a = value(group[0]);
        int b = value(group[1]);
        if (group[2] == '=') {
            if (group[3] != '=') {
                throw invalid();
            }
            out.appendByte((byte) (a << 2 | b >> 4));
            return;
        }
        int c = value(group[2]);
        if (group[3] == '=') {
            out.appendByte((byte) (a << 2 | b >> 4)).appendByte((byte) (b << 4 | c >> 2));
            return;
        }
        int d = value(group[3]);
        out.appendByte((byte) (a << 2 | b >> 4)).appendByte((byte) (b << 4 | c >> 2)).appendByte((byte) (c << 6 | d));
    }

    private int value(byte b) {
        int v = b >= 0 ? VALUES[b] : -1;
        if (v < 0) {
            throw invalid();
        }
        return v;
    }

    private IllegalArgumentException invalid() {
        return new IllegalArgumentException("illegal base64 data near byte " + offset);
    }
}
