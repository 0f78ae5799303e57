package io.jwtgate.gateway.config.statics;

/** {@code log}: level (TRACE, DEBUG, INFO, WARN, ERROR), format (common or json), optional file. */
public record LogConfig(String level, String format, String filePath) {

    public static LogConfig defaults() {
        return new LogConfig("INFO", "common", null);
    }
}
