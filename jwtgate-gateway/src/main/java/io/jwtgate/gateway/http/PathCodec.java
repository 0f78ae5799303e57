package io.jwtgate.gateway.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code url.PathUnescape} and the cleaning {@code url.URL.JoinPath()} applies, for the
 * middlewares that rewrite paths as Traefik's do (strip, replace): Traefik compares the decoded
 * path before and after cleaning and refuses the request when they differ.
 */
public final class PathCodec {

    private PathCodec() {}

    /** Percent-decodes an escaped path; {@code +} stays {@code +}. Throws IllegalArgumentException on a malformed escape. */
    public static String unescape(String escaped) {
        if (escaped.indexOf('%') < 0) {
            return escaped;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '%') {
                if (i + 2 >= escaped.length() || RequestTarget.hexValue(escaped.charAt(i + 1)) < 0 || RequestTarget.hexValue(escaped.charAt(i + 2)) < 0) {
                    throw new IllegalArgumentException("invalid URL escape \"" + escaped.substring(i, Math.min(escaped.length(), i + 3)) + "\"");
                }
                out.write(RequestTarget.hexValue(escaped.charAt(i + 1)) << 4 | RequestTarget.hexValue(escaped.charAt(i + 2)));
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Go's {@code path.Clean} keeping one trailing slash, as {@code url.URL.JoinPath()} does: no
     * {@code .}, no {@code ..}, no empty segments; a relative path stays relative.
     */
    public static String clean(String path) {
        if (path.isEmpty()) {
            return path;
        }
        boolean rooted = path.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!out.isEmpty() && !out.getLast().equals("..")) {
                    out.removeLast();
                } else if (!rooted) {
                    continue; // JoinPath never lets a relative path climb
                }
                continue;
            }
            out.add(segment);
        }
        String cleaned = (rooted ? "/" : "") + String.join("/", out);
        if (cleaned.isEmpty()) {
            cleaned = rooted ? "/" : "";
        }
        if (path.endsWith("/") && !cleaned.endsWith("/")) {
            cleaned += "/";
        }
        return cleaned;
    }
}
