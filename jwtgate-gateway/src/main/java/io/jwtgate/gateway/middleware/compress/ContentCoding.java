package io.jwtgate.gateway.middleware.compress;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import com.github.luben.zstd.util.Native;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The content codings Traefik's compress middleware offers, by their {@code Accept-Encoding} token,
 * each a streaming encoder from a maintained library: gzip from the JDK (zlib, level 6), Brotli from
 * brotli4j (Google's encoder), Zstandard from zstd-jni (the reference library). Every encoder can be
 * flushed mid-stream, so what was written so far reaches the client decodable.
 *
 * <p>Levels: gzip 6 and zstd 3 are the libraries' defaults, and what Traefik's Go encoders use. Brotli
 * uses quality 6 (Traefik's) with a 512 KiB window (the usual proxy setting, e.g. ngx_brotli's): the
 * 4 MiB default window would cost each long-lived stream megabytes for a gain of a few percent.
 */
enum ContentCoding {

    GZIP("gzip") {
        @Override
        OutputStream open(OutputStream sink) throws IOException {
            return new GZIPOutputStream(sink, 8192, true);
        }

        @Override
        Throwable unavailable() {
            return null;
        }
    },

    BROTLI("br") {
        @Override
        OutputStream open(OutputStream sink) throws IOException {
            return new BrotliOutputStream(sink, new Encoder.Parameters().setQuality(6).setWindow(19), 8192);
        }

        @Override
        Throwable unavailable() {
            return Brotli4jLoader.isAvailable() ? null : Brotli4jLoader.getUnavailabilityCause();
        }
    },

    ZSTD("zstd") {
        @Override
        OutputStream open(OutputStream sink) throws IOException {
            return new ZstdOutputStreamNoFinalizer(sink, RecyclingBufferPool.INSTANCE).setLevel(3).setChecksum(true);
        }

        @Override
        Throwable unavailable() {
            try {
                Native.load();
                return null;
            } catch (LinkageError e) {
                return e;
            }
        }
    };

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    /** The name in {@code Accept-Encoding}, {@code Content-Encoding} and the {@code encodings} option. */
    String token() {
        return token;
    }

    /** A new encoder writing to {@code sink}. */
    abstract OutputStream open(OutputStream sink) throws IOException;

    /** Why the native library of this coding cannot be used on this machine; null when it can. */
    abstract Throwable unavailable();

    /** The coding of this exact token (the option is case-sensitive, as in Traefik), or null. */
    static ContentCoding of(String token) {
        for (ContentCoding c : values()) {
            if (c.token.equals(token)) {
                return c;
            }
        }
        return null;
    }
}
