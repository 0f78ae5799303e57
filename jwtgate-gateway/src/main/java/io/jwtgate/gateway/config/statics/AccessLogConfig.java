package io.jwtgate.gateway.config.statics;

import java.time.Duration;
import java.util.List;

/**
 * {@code accessLog}: one line per request, in Traefik's common format or JSON with Traefik's field names.
 *
 * @param filePath    null means standard output
 * @param statusCodes {@code filters.statusCodes}: keep only these codes or ranges ("200", "400-499")
 * @param minDuration {@code filters.minDuration}: keep only requests slower than this (zero keeps all)
 */
public record AccessLogConfig(String filePath, String format, List<String> statusCodes, Duration minDuration) {

    public AccessLogConfig {
        statusCodes = List.copyOf(statusCodes);
    }
}
