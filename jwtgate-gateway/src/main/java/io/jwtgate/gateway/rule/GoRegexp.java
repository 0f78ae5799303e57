package io.jwtgate.gateway.rule;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Every regular expression of a router rule, compiled with RE2/J: Go's {@code regexp} is RE2, so
 * the syntax Traefik accepts (a literal {@code {}, {@code (?P<name>)}, no backreferences) and its
 * semantics ({@code $} only at the end of the text, leftmost-first, linear time) are the same.
 * java.util.regex differs on each of those.
 */
final class GoRegexp {

    private GoRegexp() {}

    /** @throws IllegalArgumentException with Go's text: {@code error parsing regexp: missing closing ): `(a`} */
    static Pattern compile(String source) {
        try {
            return Pattern.compile(source);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** Go's {@code regexp.QuoteMeta}. */
    static String quoteMeta(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Go's {@code %q} for the ASCII text of rules: double quotes, {@code \"} and {@code \\} escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Go's {@code %v} of a string slice: {@code [a b]}. */
    static String slice(java.util.List<String> values) {
        return "[" + String.join(" ", values) + "]";
    }
}
