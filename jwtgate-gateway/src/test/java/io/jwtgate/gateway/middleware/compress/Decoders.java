package io.jwtgate.gateway.middleware.compress;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.brotli.dec.BrotliInputStream;

/**
 * Decoders for the tests, independent of the gateway's encoders where a library allows: whole
 * bodies with the JDK's gzip reader, Google's pure-Java Brotli decoder and airlift's pure-Java
 * Zstandard decoder. A stream decoded while it arrives (server-sent events) needs a decoder that
 * gives out what it has without waiting for more input: the JDK's gzip reader, brotli4j's decoder
 * in eager mode and zstd-jni's reader (the pure-Java ones wait to fill their buffers), read one
 * byte at a time.
 */
final class Decoders {

    private Decoders() {}

    /** The body as the client gets it after decoding {@code coding}. */
    static byte[] decode(String coding, byte[] body) throws IOException {
        try (InputStream in = wholeBody(coding, new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    private static InputStream wholeBody(String coding, InputStream raw) throws IOException {
        return switch (coding) {
            case "gzip" -> new GZIPInputStream(raw);
            case "br" -> new BrotliInputStream(raw);
            case "zstd" -> new ZstdInputStream(raw);
            default -> throw new IllegalArgumentException("no decoder for " + coding);
        };
    }

    /** A decoder over a body still arriving; read it one byte at a time. */
    static InputStream streaming(String coding, InputStream raw) throws IOException {
        if (coding.equals("br")) {
            Brotli4jLoader.ensureAvailability();
            var in = new com.aayushatharva.brotli4j.decoder.BrotliInputStream(raw);
            in.enableEagerOutput();
            return in;
        }
        if (coding.equals("zstd")) {
            return new ZstdInputStreamNoFinalizer(raw);
        }
        return wholeBody(coding, raw);
    }

    /** Reads {@code in} one byte at a time until {@code expected} bytes came; what came. */
    static String readExactly(InputStream in, int expected) throws IOException {
        StringBuilder out = new StringBuilder();
        while (out.length() < expected) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            out.append((char) b);
        }
        return out.toString();
    }
}
