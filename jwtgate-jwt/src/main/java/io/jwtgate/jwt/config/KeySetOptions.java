package io.jwtgate.jwt.config;

import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.config.GoDuration;
import io.jwtgate.jwt.config.OptionReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code keySetPolicy} option block (extension): per-middleware overrides of the key-set timings and
 * limits. Unset members (null) keep the defaults of {@link KeySetPolicy#defaults()}, which match decision 11.
 * Durations are Go durations ({@code 30s}, {@code 5m}, {@code 24h}).
 */
public record KeySetOptions(
        Duration minRefreshInterval,
        Duration maxRefreshInterval,
        Duration defaultRefreshInterval,
        Duration unknownKidCooldown,
        Duration retryInterval,
        Duration staleIfError,
        Integer maxBytes,
        Integer maxKeys) {

    public static final KeySetOptions UNSET = new KeySetOptions(null, null, null, null, null, null, null, null);

    static final String BLOCK = "keySetPolicy";
    static final List<String> NAMES = List.of("minRefreshInterval", "maxRefreshInterval", "defaultRefreshInterval",
            "unknownKidCooldown", "retryInterval", "staleIfError", "maxBytes", "maxKeys");

    private static final Duration WEEK = Duration.ofDays(7);
    private static final int MAX_BYTES_LIMIT = 16 * 1024 * 1024;

    /** Reads the block; null or absent gives {@link #UNSET}. Errors name the key path, e.g. {@code keySetPolicy.maxKeys}. */
    public static KeySetOptions read(Map<String, ?> block) throws ConfigException {
        if (block == null) {
            return UNSET;
        }
        OptionReader r = new OptionReader(BLOCK + ".", block, NAMES);
        return new KeySetOptions(
                duration(r, "minRefreshInterval", Duration.ofSeconds(1), Duration.ofHours(24)),
                duration(r, "maxRefreshInterval", Duration.ofSeconds(1), WEEK),
                duration(r, "defaultRefreshInterval", Duration.ofSeconds(1), WEEK),
                duration(r, "unknownKidCooldown", Duration.ofSeconds(1), Duration.ofHours(24)),
                duration(r, "retryInterval", Duration.ofSeconds(1), Duration.ofHours(24)),
                duration(r, "staleIfError", Duration.ZERO, WEEK),
                integer(r, "maxBytes", 1024, MAX_BYTES_LIMIT, "a size in bytes such as 524288 (512 KiB)"),
                integer(r, "maxKeys", 1, 1000, "a small number such as 100"));
    }

    private static Duration duration(OptionReader r, String name, Duration min, Duration max) throws ConfigException {
        String text = r.string(name);
        if (text == null) {
            return null;
        }
        Duration d;
        try {
            d = GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(r.path(name), e.getMessage(), "write a duration such as 30s, 5m or 24h");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(r.path(name), name + " " + text + " is outside " + GoText.of(min) + ".." + GoText.of(max),
                    "use a duration between " + GoText.of(min) + " and " + GoText.of(max));
        }
        return d;
    }

    private static Integer integer(OptionReader r, String name, int min, int max, String example) throws ConfigException {
        int v = r.integer(name, Integer.MIN_VALUE);
        if (v == Integer.MIN_VALUE) {
            return null;
        }
        if (v < min || v > max) {
            throw new ConfigException(r.path(name), name + " " + v + " is outside " + min + ".." + max, "use " + example);
        }
        return v;
    }

    /** The base policy with the members that are set; checks that the refresh bounds are consistent. */
    public KeySetPolicy applyTo(KeySetPolicy base) throws ConfigException {
        Duration min = minRefreshInterval != null ? minRefreshInterval : base.minTtl();
        Duration max = maxRefreshInterval != null ? maxRefreshInterval : base.maxTtl();
        if (min.compareTo(max) > 0) {
            throw new ConfigException(BLOCK + "." + (maxRefreshInterval != null ? "maxRefreshInterval" : "minRefreshInterval"),
                    "minRefreshInterval " + GoText.of(min) + " is longer than maxRefreshInterval " + GoText.of(max),
                    "make minRefreshInterval at most maxRefreshInterval");
        }
        return base
                .withTtls(min, max, defaultRefreshInterval != null ? defaultRefreshInterval : base.defaultTtl())
                .withTimings(unknownKidCooldown != null ? unknownKidCooldown : base.unknownKidCooldown(),
                        retryInterval != null ? retryInterval : base.failureCooldown(),
                        staleIfError != null ? staleIfError : base.staleLimit())
                .withLimits(maxBytes != null ? maxBytes : base.maxBytes(), maxKeys != null ? maxKeys : base.maxKeys());
    }

    /** Go-style rendering of whole durations for messages: 1s, 5m, 24h, 168h. */
    private static final class GoText {
        static String of(Duration d) {
            long s = d.toSeconds();
            if (s == 0) {
                return "0s";
            }
            if (s % 3600 == 0) {
                return s / 3600 + "h";
            }
            return s % 60 == 0 ? s / 60 + "m" : s + "s";
        }
    }
}
