package io.jwtgate.gateway.middleware.compress;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The options of Traefik's {@code compress}, validated as Traefik's {@code New} validates them.
 *
 * @param excludedTypes   {@code excludedContentTypes} as media types, plus {@code application/grpc},
 *                        which is always excluded: neither a request nor a response of these types is compressed
 * @param includedTypes   {@code includedContentTypes} as media types: when not empty, only responses of
 *                        these types are compressed (mutually exclusive with {@code excludedContentTypes})
 * @param minBytes        {@code minResponseBodyBytes}: default 1024 (also for 0 and below, as in Traefik)
 * @param encodings       {@code encodings}, by priority: default {@code gzip, br, zstd}
 * @param defaultEncoding {@code defaultEncoding}: for requests without {@code Accept-Encoding} and
 *                        for {@code *}; null when not set
 */
record CompressOptions(Set<String> excludedTypes, Set<String> includedTypes, int minBytes,
                       List<ContentCoding> encodings, ContentCoding defaultEncoding) {

    static final int DEFAULT_MIN_BYTES = 1024;
    static final String GRPC = "application/grpc";
    private static final List<ContentCoding> DEFAULT_ENCODINGS = List.of(ContentCoding.GZIP, ContentCoding.BROTLI, ContentCoding.ZSTD);

    CompressOptions {
        excludedTypes = Set.copyOf(excludedTypes);
        includedTypes = Set.copyOf(includedTypes);
        encodings = List.copyOf(encodings);
    }

    static CompressOptions parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
        if (!o.isMissing() && !o.isObject()) {
            throw o.error("expected the compress options as a map", "write `compress: {}` for the defaults");
        }
        o.warnUnknownKeys(Set.of("excludedContentTypes", "includedContentTypes", "minResponseBodyBytes", "encodings",
                "defaultEncoding"), warnings);
        List<String> excluded = o.get("excludedContentTypes").stringList();
        List<String> included = o.get("includedContentTypes").stringList();
        if (!excluded.isEmpty() && !included.isEmpty()) {
            throw o.error("excludedContentTypes and includedContentTypes options are mutually exclusive",
                    "keep one of the two lists");
        }
        Set<String> excludedTypes = new LinkedHashSet<>();
        excludedTypes.add(GRPC);
        excludedTypes.addAll(mediaTypes(o.get("excludedContentTypes"), excluded, "excluded"));
        Set<String> includedTypes = new LinkedHashSet<>(mediaTypes(o.get("includedContentTypes"), included, "included"));
        return new CompressOptions(excludedTypes, includedTypes, minBytes(o.get("minResponseBodyBytes"), warnings),
                encodings(o.get("encodings"), warnings), null).withDefault(o.get("defaultEncoding"));
    }

    private CompressOptions withDefault(ConfigNode node) throws ConfigException {
        String name = node.string("");
        if (name.isEmpty()) {
            return this;
        }
        ContentCoding coding = ContentCoding.of(name);
        if (coding == null || !encodings.contains(coding)) {
            throw node.error("unsupported default encoding: " + name, "name one of the encodings: " + tokens(encodings));
        }
        return new CompressOptions(excludedTypes, includedTypes, minBytes, encodings, coding);
    }

    private static List<String> mediaTypes(ConfigNode node, List<String> values, String which) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            try {
                out.add(MediaType.parse(v));
            } catch (IllegalArgumentException e) {
                throw node.error("parsing " + which + " media type '" + v + "': " + e.getMessage(),
                        "write media types such as text/html or application/json");
            }
        }
        return out;
    }

    private static int minBytes(ConfigNode node, Consumer<String> warnings) throws ConfigException {
        long value = node.integer(0);
        if (value > Integer.MAX_VALUE) {
            throw node.error("is too large", "write a number of bytes such as 1024");
        }
        if (value <= 0) {
            if (!node.isMissing()) {
                warnings.accept(node.source() + ": " + node.path() + ": " + value + " means the default, "
                        + DEFAULT_MIN_BYTES + " bytes (as in Traefik); write 1 to compress every non-empty body");
            }
            return DEFAULT_MIN_BYTES;
        }
        return (int) value;
    }

    private static List<ContentCoding> encodings(ConfigNode node, Consumer<String> warnings) throws ConfigException {
        if (node.isMissing()) {
            return checkAvailable(node, DEFAULT_ENCODINGS);
        }
        List<ContentCoding> out = new ArrayList<>();
        for (String name : node.stringList()) {
            ContentCoding coding = ContentCoding.of(name);
            if (coding == null) {
                throw node.error("unsupported encoding: " + name, "use gzip, br or zstd");
            }
            if (out.contains(coding)) {
                warnings.accept(node.source() + ": " + node.path() + ": " + name + " is listed twice; its first place counts");
                continue;
            }
            out.add(coding);
        }
        if (out.isEmpty()) {
            throw node.error("at least one encoding must be specified", "list some of gzip, br, zstd, or remove the key for all three");
        }
        return checkAvailable(node, out);
    }

    /** Fails closed when a coding's native library does not load on this machine (Brotli and Zstandard are JNI). */
    private static List<ContentCoding> checkAvailable(ConfigNode node, List<ContentCoding> codings) throws ConfigException {
        for (ContentCoding c : codings) {
            Throwable why = c.unavailable();
            if (why != null) {
                throw node.error(c.token() + " cannot be used on this machine: " + why,
                        "list only the other encodings in " + node.path());
            }
        }
        return codings;
    }

    private static String tokens(List<ContentCoding> codings) {
        return String.join(", ", codings.stream().map(ContentCoding::token).toList());
    }

    /** Whether a response of this media type may be compressed. */
    boolean compressible(String mediaType) {
        return includedTypes.isEmpty() ? !excludedTypes.contains(mediaType) : includedTypes.contains(mediaType);
    }
}
