package io.jwtgate.gateway.middleware.contenttype;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Go's {@code http.DetectContentType}: the WHATWG MIME sniffing algorithm as Go implements it, on
 * at most the first 512 bytes, with Go's table of signatures in Go's order (first match wins) and
 * {@code application/octet-stream} when nothing matches. What Traefik's {@code contentType}
 * middleware lets Go's server apply to a response that has no {@code Content-Type}.
 */
final class ContentSniffer {

    /** Go's {@code sniffLen}: the bytes the algorithm looks at. */
    static final int SNIFF_LENGTH = 512;

    private static final String HTML = "text/html; charset=utf-8";

    private sealed interface Signature {}

    /** An HTML tag, case-insensitive for letters, after leading whitespace, followed by a space or '>'. */
    private record Html(byte[] tag) implements Signature {}

    /** Pattern bytes compared with the data ANDed with the mask, optionally after leading whitespace. */
    private record Masked(byte[] mask, byte[] pattern, boolean skipWhitespace, String type) implements Signature {}

    /** The data starts with these bytes. */
    private record Exact(byte[] prefix, String type) implements Signature {}

    /** The MP4 {@code ftyp} box naming an {@code mp4} brand. */
    private record Mp4() implements Signature {}

    /** No byte that WHATWG calls binary: plain text. Last. */
    private record Text() implements Signature {}

    /** Go's {@code sniffSignatures}, in its order. Byte strings are written with one char per byte. */
    private static final List<Signature> SIGNATURES = List.of(
            html("<!DOCTYPE HTML"), html("<HTML"), html("<HEAD"), html("<SCRIPT"), html("<IFRAME"), html("<H1"), html("<DIV"),
            html("<FONT"), html("<TABLE"), html("<A"), html("<STYLE"), html("<TITLE"), html("<B"), html("<BODY"), html("<BR"),
            html("<P"), html("<!--"),
            new Masked(bytes("\u00FF\u00FF\u00FF\u00FF\u00FF"), bytes("<?xml"), true, "text/xml; charset=utf-8"),
            exact("%PDF-", "application/pdf"),
            exact("%!PS-Adobe-", "application/postscript"),
            // UTF BOMs
            masked("\u00FF\u00FF\u0000\u0000", "\u00FE\u00FF\u0000\u0000", "text/plain; charset=utf-16be"),
            masked("\u00FF\u00FF\u0000\u0000", "\u00FF\u00FE\u0000\u0000", "text/plain; charset=utf-16le"),
            masked("\u00FF\u00FF\u00FF\u0000", "\u00EF\u00BB\u00BF\u0000", "text/plain; charset=utf-8"),
            // images
            exact("\u0000\u0000\u0001\u0000", "image/x-icon"),
            exact("\u0000\u0000\u0002\u0000", "image/x-icon"),
            exact("BM", "image/bmp"),
            exact("GIF87a", "image/gif"),
            exact("GIF89a", "image/gif"),
            masked("\u00FF\u00FF\u00FF\u00FF\u0000\u0000\u0000\u0000\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF", "RIFF\u0000\u0000\u0000\u0000WEBPVP",
                    "image/webp"),
            exact("\u0089PNG\r\n\u001A\n", "image/png"),
            exact("\u00FF\u00D8\u00FF", "image/jpeg"),
            // audio and video, in the order WHATWG prescribes
            masked("\u00FF\u00FF\u00FF\u00FF\u0000\u0000\u0000\u0000\u00FF\u00FF\u00FF\u00FF", "FORM\u0000\u0000\u0000\u0000AIFF", "audio/aiff"),
            masked("\u00FF\u00FF\u00FF", "ID3", "audio/mpeg"),
            masked("\u00FF\u00FF\u00FF\u00FF\u00FF", "OggS\u0000", "application/ogg"),
            masked("\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF", "MThd\u0000\u0000\u0000\u0006", "audio/midi"),
            masked("\u00FF\u00FF\u00FF\u00FF\u0000\u0000\u0000\u0000\u00FF\u00FF\u00FF\u00FF", "RIFF\u0000\u0000\u0000\u0000AVI ", "video/avi"),
            masked("\u00FF\u00FF\u00FF\u00FF\u0000\u0000\u0000\u0000\u00FF\u00FF\u00FF\u00FF", "RIFF\u0000\u0000\u0000\u0000WAVE", "audio/wave"),
            new Mp4(),
            exact("\u001A\u0045\u00DF\u00A3", "video/webm"),
            // fonts: 34 bytes ignored, then "LP"
            masked("\u0000".repeat(34) + "\u00FF\u00FF", "\u0000".repeat(34) + "LP", "application/vnd.ms-fontobject"),
            exact("\u0000\u0001\u0000\u0000", "font/ttf"),
            exact("OTTO", "font/otf"),
            exact("ttcf", "font/collection"),
            exact("wOFF", "font/woff"),
            exact("wOF2", "font/woff2"),
            // archives (RAR with RAR Labs' signatures, as Go)
            exact("\u001F\u008B\u0008", "application/x-gzip"),
            exact("PK\u0003\u0004", "application/zip"),
            exact("Rar!\u001A\u0007\u0000", "application/x-rar-compressed"),
            exact("Rar!\u001A\u0007\u0001\u0000", "application/x-rar-compressed"),
            exact("\u0000asm", "application/wasm"),
            new Text());

    private ContentSniffer() {}

    /** The media type of {@code data} (only its first 512 bytes are read); never null. */
    static String detect(byte[] data, int length) {
        int n = Math.min(length, SNIFF_LENGTH);
        int firstNonWs = 0;
        while (firstNonWs < n && isWhitespace(data[firstNonWs])) {
            firstNonWs++;
        }
        for (Signature s : SIGNATURES) {
            String type = match(s, data, n, firstNonWs);
            if (type != null) {
                return type;
            }
        }
        return "application/octet-stream";
    }

    static String detect(byte[] data) {
        return detect(data, data.length);
    }

    private static String match(Signature signature, byte[] data, int n, int firstNonWs) {
        return switch (signature) {
            case Html h -> html(h.tag(), data, n, firstNonWs);
            case Masked m -> masked(m, data, n, firstNonWs);
            case Exact e -> startsWith(data, n, 0, e.prefix()) ? e.type() : null;
            case Mp4 ignored -> mp4(data, n);
            case Text ignored -> text(data, n, firstNonWs);
        };
    }

    private static String html(byte[] tag, byte[] data, int n, int from) {
        if (n - from < tag.length + 1) {
            return null;
        }
        for (int i = 0; i < tag.length; i++) {
            int b = data[from + i] & 0xFF;
            if (tag[i] >= 'A' && tag[i] <= 'Z') {
                b &= 0xDF; // letters match in either case
            }
            if (b != tag[i]) {
                return null;
            }
        }
        byte terminator = data[from + tag.length];
        return terminator == ' ' || terminator == '>' ? HTML : null;
    }

    private static String masked(Masked m, byte[] data, int n, int firstNonWs) {
        int from = m.skipWhitespace() ? firstNonWs : 0;
        if (m.pattern().length != m.mask().length || n - from < m.pattern().length) {
            return null;
        }
        for (int i = 0; i < m.pattern().length; i++) {
            if ((data[from + i] & m.mask()[i]) != m.pattern()[i]) {
                return null;
            }
        }
        return m.type();
    }

    /** WHATWG's MP4 signature: a box size (a multiple of 4 within the data), "ftyp", an "mp4" brand other than the minor version. */
    private static String mp4(byte[] data, int n) {
        if (n < 12) {
            return null;
        }
        long boxSize = ((data[0] & 0xFFL) << 24) | ((data[1] & 0xFFL) << 16) | ((data[2] & 0xFFL) << 8) | (data[3] & 0xFFL);
        if (n < boxSize || boxSize % 4 != 0 || !startsWith(data, n, 4, bytes("ftyp"))) {
            return null;
        }
        for (int st = 8; st < boxSize; st += 4) {
            if (st == 12) {
                continue; // the major brand's version number
            }
            if (data[st] == 'm' && data[st + 1] == 'p' && data[st + 2] == '4') {
                return "video/mp4";
            }
        }
        return null;
    }

    private static String text(byte[] data, int n, int firstNonWs) {
        for (int i = firstNonWs; i < n; i++) {
            int b = data[i] & 0xFF;
            if (b <= 0x08 || b == 0x0B || (b >= 0x0E && b <= 0x1A) || (b >= 0x1C && b <= 0x1F)) {
                return null;
            }
        }
        return "text/plain; charset=utf-8";
    }

    private static boolean isWhitespace(byte b) {
        return b == '\t' || b == '\n' || b == 0x0C || b == '\r' || b == ' ';
    }

    private static boolean startsWith(byte[] data, int n, int at, byte[] prefix) {
        if (n - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static Html html(String tag) {
        return new Html(bytes(tag));
    }

    private static Exact exact(String prefix, String type) {
        return new Exact(bytes(prefix), type);
    }

    private static Masked masked(String mask, String pattern, String type) {
        return new Masked(bytes(mask), bytes(pattern), false, type);
    }

    private static byte[] bytes(String oneCharPerByte) {
        return oneCharPerByte.getBytes(StandardCharsets.ISO_8859_1);
    }
}
