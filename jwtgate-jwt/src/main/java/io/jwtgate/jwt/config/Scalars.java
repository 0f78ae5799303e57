package io.jwtgate.jwt.config;

import java.util.Locale;

/**
 * How a text value becomes a boolean or a whole number, for every reader of configuration (the
 * gateway's {@code ConfigNode} over YAML documents, {@link OptionReader} over the library's option
 * maps), so that {@code "true "} or {@code "30"} means the same thing everywhere. Durations are
 * {@link GoDuration}'s.
 */
public final class Scalars {

    private Scalars() {}

    /** {@code true} or {@code false}, ignoring case and surrounding spaces; null for anything else. */
    public static Boolean bool(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** A decimal whole number with an optional sign, ignoring surrounding spaces; null when not one or out of range. */
    public static Long integer(String text) {
        String s = text.strip();
        if (!s.matches("[+-]?\\d{1,19}")) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
