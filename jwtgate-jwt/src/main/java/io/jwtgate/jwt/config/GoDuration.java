package io.jwtgate.jwt.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser of durations as Traefik users write them, for the JWT options and the gateway's
 * configuration alike: Go's syntax ({@code 30s}, {@code 1m30s}, {@code 500ms}, {@code 1.5h},
 * {@code 0}) or a bare integer, which Traefik's configuration types read as seconds ({@code 30}).
 */
public final class GoDuration {

    private static final Pattern SECONDS = Pattern.compile("\\d{1,12}");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private GoDuration() {}

    /** @throws IllegalArgumentException for anything that is not a Go duration */
    public static Duration parse(String text) {
        String s = text.strip();
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.startsWith("-");
            s = s.substring(1);
        }
        if (SECONDS.matcher(s).matches()) {
            Duration seconds = Duration.ofSeconds(Long.parseLong(s));
            return negative ? seconds.negated() : seconds;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        Matcher m = PART.matcher(s);
        int pos = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 30s, 1m, 1m30s, 500ms)");
            }
            BigDecimal amount = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unit)));
            pos = m.end();
        }
        Duration d = Duration.ofNanos(nanos.longValue());
        return negative ? d.negated() : d;
    }
}
