package io.jwtgate.gateway.config;

/**
 * The one wording of a warning that says a configuration will behave differently from Traefik
 * because jwtgate does not implement something the user wrote: {@code <file>: <key path>: not
 * supported by jwtgate: <what happens instead>}. {@code jwtgate check} counts these warnings and
 * exits non-zero when there is one; every other warning (a deprecated key Traefik also ignores, a
 * setting that behaves as in Traefik but is probably a mistake) is advice.
 */
public final class Unsupported {

    /** The marker every such warning carries, and {@link #isDifference} looks for. */
    public static final String MARKER = "not supported by jwtgate";

    private Unsupported() {}

    /** The warning for {@code path} in {@code source}: what is not supported and what happens instead. */
    public static String message(String source, String path, String instead) {
        return (source == null ? "" : source + ": ") + path + ": " + MARKER + ": " + instead;
    }

    /** True when the warning says the configuration behaves differently from Traefik. */
    public static boolean isDifference(String warning) {
        return warning.contains(MARKER);
    }
}
