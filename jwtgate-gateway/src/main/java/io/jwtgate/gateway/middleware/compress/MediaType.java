package io.jwtgate.gateway.middleware.compress;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The media type of a {@code Content-Type} value, read as Go's {@code mime.ParseMediaType} reads it
 * (what Traefik's compress middleware compares): the part before the first {@code ;}, trimmed and
 * lower-cased, must be {@code type/subtype} (or a single token); parameters must be well-formed
 * {@code ; name=value} pairs (token or quoted string; a trailing {@code ;} is allowed; a name given
 * twice with different values is an error). The parameters themselves are not kept: Traefik keeps
 * only the media type of its options, so {@code text/html; charset=utf-8} matches any {@code text/html}.
 */
final class MediaType {

    private static final String SPECIALS = "()<>@,;:\\\"/[]?=";

    private MediaType() {}

    /** The lower-cased media type of {@code value}; IllegalArgumentException with Go's message when it does not parse. */
    static String parse(String value) {
        int semicolon = value.indexOf(';');
        String base = semicolon < 0 ? value : value.substring(0, semicolon);
        String type = base.toLowerCase(Locale.ROOT).strip();
        checkType(type);
        checkParameters(semicolon < 0 ? "" : value.substring(semicolon));
        return type;
    }

    private static void checkType(String s) {
        int end = tokenEnd(s, 0);
        if (end == 0) {
            throw new IllegalArgumentException("mime: no media type");
        }
        if (end == s.length()) {
            return;
        }
        if (s.charAt(end) != '/') {
            throw new IllegalArgumentException("mime: expected slash after first token");
        }
        int subtypeEnd = tokenEnd(s, end + 1);
        if (subtypeEnd == end + 1) {
            throw new IllegalArgumentException("mime: expected token after slash");
        }
        if (subtypeEnd != s.length()) {
            throw new IllegalArgumentException("mime: unexpected content after media subtype");
        }
    }

    private static void checkParameters(String rest) {
        Map<String, String> seen = new HashMap<>();
        int i = 0;
        while (true) {
            i = skipSpace(rest, i);
            if (i == rest.length()) {
                return;
            }
            int start = i;
            boolean ok = rest.charAt(i) == ';';
            String name = null;
            String val = null;
            if (ok) {
                i = skipSpace(rest, i + 1);
                int nameEnd = tokenEnd(rest, i);
                name = rest.substring(i, nameEnd).toLowerCase(Locale.ROOT);
                i = skipSpace(rest, nameEnd);
                ok = !name.isEmpty() && i < rest.length() && rest.charAt(i) == '=';
            }
            if (ok) {
                i = skipSpace(rest, i + 1);
                int[] end = new int[1];
                val = value(rest, i, end);
                ok = val != null;
                i = end[0];
            }
            if (!ok) {
                if (rest.substring(start).strip().equals(";")) {
                    return; // a trailing semicolon is not an error
                }
                throw new IllegalArgumentException("mime: invalid media parameter");
            }
            String previous = seen.putIfAbsent(name, val);
            if (previous != null && !previous.equals(val)) {
                throw new IllegalArgumentException("mime: duplicate parameter name");
            }
        }
    }

    /** A token or a quoted string at {@code i}: its value (null when there is none), its end in {@code end[0]}. */
    private static String value(String s, int i, int[] end) {
        if (i < s.length() && s.charAt(i) == '"') {
            StringBuilder out = new StringBuilder();
            for (int j = i + 1; j < s.length(); j++) {
                char c = s.charAt(j);
                if (c == '"') {
                    end[0] = j + 1;
                    return out.toString();
                }
                if (c == '\\' && j + 1 < s.length() && SPECIALS.indexOf(s.charAt(j + 1)) >= 0) {
                    out.append(s.charAt(++j));
                } else if (c == '\r' || c == '\n') {
                    return null;
                } else {
                    out.append(c);
                }
            }
            return null; // no closing quote
        }
        int tokenEnd = tokenEnd(s, i);
        end[0] = tokenEnd;
        return tokenEnd == i ? null : s.substring(i, tokenEnd);
    }

    private static int tokenEnd(String s, int from) {
        int i = from;
        while (i < s.length() && isTokenChar(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isTokenChar(char c) {
        return c > 0x20 && c < 0x7f && SPECIALS.indexOf(c) < 0;
    }

    private static int skipSpace(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
