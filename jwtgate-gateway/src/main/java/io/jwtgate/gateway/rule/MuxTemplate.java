package io.jwtgate.gateway.rule;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * A gorilla/mux route template ({@code /css/{name}}, {@code {sub:[a-z]+}.example.com},
 * {@code id={id:[0-9]+}}) turned into the one regular expression Traefik's v2 matchers match with
 * (containous/mux {@code newRouteRegexp}, strict slash off): literal text is quoted, a variable
 * without a pattern matches up to the next {@code /} (path), {@code .} (host) or anything (query),
 * hosts ignore case, paths and queries are anchored at both ends, prefixes at the start only.
 */
final class MuxTemplate {

    enum Kind { HOST, PATH, PREFIX, QUERY }

    private MuxTemplate() {}

    /** @throws IllegalArgumentException with gorilla/mux's (or Go regexp's) text */
    static Pattern compile(String template, Kind kind) {
        if ((kind == Kind.PATH || kind == Kind.PREFIX) && !template.isEmpty() && template.charAt(0) != '/') {
            throw new IllegalArgumentException("mux: path must start with a slash, got " + GoRegexp.quote(template));
        }
        List<Integer> idxs = braceIndices(template);
        String defaultPattern = switch (kind) {
            case QUERY -> ".*";
            case HOST -> "[^.]+";
            default -> "[^/]+";
        };
        StringBuilder pattern = new StringBuilder();
        if (kind == Kind.HOST) {
            pattern.append("(?i)");
        }
        pattern.append('^');
        int end = 0;
        for (int i = 0; i < idxs.size(); i += 2) {
            String raw = template.substring(end, idxs.get(i));
            end = idxs.get(i + 1);
            String inner = template.substring(idxs.get(i) + 1, end - 1);
            int colon = inner.indexOf(':');
            String name = colon < 0 ? inner : inner.substring(0, colon);
            String patt = colon < 0 ? defaultPattern : inner.substring(colon + 1);
            if (name.isEmpty() || patt.isEmpty()) {
                throw new IllegalArgumentException("mux: missing name or pattern in " + GoRegexp.quote(template.substring(idxs.get(i), end)));
            }
            pattern.append(GoRegexp.quoteMeta(raw)).append("(?P<v").append(i / 2).append('>').append(patt).append(')');
            GoRegexp.compile("^" + patt + "$"); // mux validates each variable's pattern on its own first
        }
        pattern.append(GoRegexp.quoteMeta(template.substring(end)));
        if (kind == Kind.QUERY && template.substring(template.indexOf('=') + 1).isEmpty()) {
            pattern.append(defaultPattern);
        }
        if (kind != Kind.PREFIX) {
            pattern.append('$');
        }
        return GoRegexp.compile(pattern.toString());
    }

    /** The first-level brace pairs (start, end+1), or mux's error for unbalanced braces. */
    private static List<Integer> braceIndices(String s) {
        int level = 0;
        int idx = 0;
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                if (++level == 1) {
                    idx = i;
                }
            } else if (c == '}') {
                if (--level == 0) {
                    out.add(idx);
                    out.add(i + 1);
                } else if (level < 0) {
                    throw new IllegalArgumentException("mux: unbalanced braces in " + GoRegexp.quote(s));
                }
            }
        }
        if (level != 0) {
            throw new IllegalArgumentException("mux: unbalanced braces in " + GoRegexp.quote(s));
        }
        return out;
    }
}
