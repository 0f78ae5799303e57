package io.jwtgate.gateway.support;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * gRPC-Web bodies written and read by hand, as improbable-eng/grpc-web's wrapper tests do:
 * length-prefixed frames (flag byte, 4-byte big-endian length), the trailer frame (flag 0x80,
 * {@code name: value} lines), and text mode's base64 in several padded chunks.
 */
public final class GrpcWebFrames {

    private GrpcWebFrames() {}

    /** A decoded response body: the messages and the trailers of the trailer frame (null when there was none). */
    public record Body(List<String> messages, Map<String, String> trailers, int trailerFrames, byte[] raw) {}

    /** The request body: one data frame per message, base64 of the whole in text mode. */
    public static byte[] request(boolean text, String... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String m : messages) {
            byte[] bytes = m.getBytes(UTF_8);
            out.write(0);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        byte[] body = out.toByteArray();
        return text ? Base64.getEncoder().encode(body) : body;
    }

    /** Reads a response body; in text mode, base64 that may be several padded chunks (decodeMultipleBase64Chunks). */
    public static Body read(byte[] body, boolean text) {
        byte[] raw = text ? decodeBase64Chunks(new String(body, ISO_8859_1)) : body;
        ByteBuffer in = ByteBuffer.wrap(raw);
        List<String> messages = new ArrayList<>();
        Map<String, String> trailers = null;
        int trailerFrames = 0;
        while (in.hasRemaining()) {
            if (in.remaining() < 5) {
                throw new AssertionError("unexpected end of body in a frame prefix");
            }
            byte flag = in.get();
            byte[] payload = new byte[in.getInt()];
            if (payload.length > in.remaining()) {
                throw new AssertionError("unexpected end of message");
            }
            in.get(payload);
            if ((flag & 0x80) != 0) {
                trailers = trailers(new String(payload, ISO_8859_1));
                trailerFrames++;
            } else {
                messages.add(new String(payload, UTF_8));
            }
        }
        return new Body(messages, trailers, trailerFrames, raw);
    }

    /** The trailer frame's lines; names must be lower case (gRPC-Web spec), each line CRLF-terminated. */
    static Map<String, String> trailers(String block) {
        Map<String, String> out = new LinkedHashMap<>();
        if (block.isEmpty()) {
            return out;
        }
        if (!block.endsWith("\r\n")) {
            throw new AssertionError("trailer block does not end with CRLF: " + block);
        }
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new AssertionError("malformed trailer line: " + line);
            }
            out.put(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return out;
    }

    /** Base64 in chunks, each ending at its padding, as the gRPC-Web spec allows a server to send it. */
    public static byte[] decodeBase64Chunks(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('=', start);
            if (end < 0) {
                end = text.length();
            } else {
                while (end < text.length() && text.charAt(end) == '=') {
                    end++;
                }
            }
            out.writeBytes(Base64.getDecoder().decode(text.substring(start, end)));
            start = end;
        }
        return out.toByteArray();
    }
}
