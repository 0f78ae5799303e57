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

    /** Go's {@code time.Duration.String()}: {@code 0s}, {@code 1.5s}, {@code 499.999ms}, {@code 1m30s}, {@code 2h0m0s}. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        long u = Math.abs(nanos);
        StringBuilder out = new StringBuilder();
        if (u < 1_000_000_000L) {
            if (u < 1_000L) {
                out.append(u).append("ns");
            } else if (u < 1_000_000L) {
                out.append(fraction(u, 3)).append("µs");
            } else {
                out.append(fraction(u, 6)).append("ms");
            }
        } else {
            long seconds = u / 1_000_000_000L;
            String secondsPart = fraction(u % 60_000_000_000L, 9) + "s";
            long minutes = seconds / 60;
            if (minutes > 0) {
                long hours = minutes / 60;
                out.append(hours > 0 ? hours + "h" + (minutes % 60) + "m" : minutes + "m");
            }
            out.append(secondsPart);
        }
        return (negative ? "-" : "") + out;
    }

    /** {@code v / 10^digits} with the fraction's trailing zeros (and a bare point) left out. */
    private static String fraction(long v, int digits) {
        long scale = (long) Math.pow(10, digits);
        String frac = String.format("%0" + digits + "d", v % scale).replaceAll("0+$", "");
        return (v / scale) + (frac.isEmpty() ? "" : "." + frac);
    }
}
