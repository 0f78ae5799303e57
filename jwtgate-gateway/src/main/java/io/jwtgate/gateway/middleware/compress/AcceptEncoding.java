package io.jwtgate.gateway.middleware.compress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Traefik's choice of a content coding from the request's {@code Accept-Encoding} lines (RFC 9110
 * section 12.5.3): the entries naming one of the configured {@code encodings}, {@code identity} or
 * {@code *}; {@code q=0} or an unreadable weight drops an entry, no weight is 1. The highest weight
 * wins; at equal weight the order of {@code encodings} decides, {@code *} coming before every coding
 * and {@code identity} after all of them. {@code *} stands for {@code defaultEncoding}, else the first
 * of {@code encodings}. An empty header means {@code identity}; nothing acceptable means
 * {@link #NOT_ACCEPTABLE} (the response is sent as it is, as in Traefik, not refused with 406).
 *
 * <p>Coding names are matched case-insensitively (RFC 9110 section 8.4.1); Traefik matches them as written.
 */
final class AcceptEncoding {

    static final String IDENTITY = "identity";
    static final String NOT_ACCEPTABLE = "not_acceptable";
    private static final String WILDCARD = "*";
    private static final Pattern WEIGHT = Pattern.compile("[0-9]*\\.?[0-9]+|[0-9]+\\.");

    private AcceptEncoding() {}

    private record Entry(String token, double weight, int priority) {}

    /**
     * @param lines     the request's {@code Accept-Encoding} lines (none: no header)
     * @param encodings the configured codings, by priority
     * @param fallback  {@code defaultEncoding}, or null
     * @return the token of the chosen coding, {@link #IDENTITY} or {@link #NOT_ACCEPTABLE}
     */
    static String choose(List<String> lines, List<ContentCoding> encodings, ContentCoding fallback) {
        if (lines.isEmpty()) {
            return fallback != null ? fallback.token() : IDENTITY;
        }
        if (lines.size() == 1 && lines.get(0).isEmpty()) {
            return IDENTITY;
        }
        List<Entry> acceptable = new ArrayList<>();
        for (String line : lines) {
            for (String item : line.replace(" ", "").replace("\t", "").split(",")) {
                Entry e = entry(item, encodings);
                if (e != null) {
                    acceptable.add(e);
                }
            }
        }
        if (acceptable.isEmpty()) {
            return NOT_ACCEPTABLE;
        }
        acceptable.sort(Comparator.comparingDouble(Entry::weight).reversed().thenComparingInt(Entry::priority));
        String best = acceptable.get(0).token();
        if (best.equals(WILDCARD)) {
            return (fallback != null ? fallback : encodings.get(0)).token();
        }
        return best;
    }

    /** One {@code coding;q=w} item, or null when it names nothing offered or has weight 0. */
    private static Entry entry(String item, List<ContentCoding> encodings) {
        String[] parts = item.split(";");
        String token = parts[0].toLowerCase(Locale.ROOT);
        int priority = priority(token, encodings);
        if (priority == Integer.MIN_VALUE) {
            return null;
        }
        double weight = 1;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].regionMatches(true, 0, "q=", 0, 2)) {
                String w = parts[i].substring(2);
                weight = WEIGHT.matcher(w).matches() ? Double.parseDouble(w) : 0;
                break;
            }
        }
        return weight == 0 ? null : new Entry(token, weight, priority);
    }

    /** Traefik's priorities: {@code *} first, then the codings in order, {@code identity} last; MIN_VALUE when not offered. */
    private static int priority(String token, List<ContentCoding> encodings) {
        if (token.equals(WILDCARD)) {
            return -1;
        }
        if (token.equals(IDENTITY)) {
            return encodings.size();
        }
        for (int i = 0; i < encodings.size(); i++) {
            if (encodings.get(i).token().equals(token)) {
                return i;
            }
        }
        return Integer.MIN_VALUE;
    }
}
