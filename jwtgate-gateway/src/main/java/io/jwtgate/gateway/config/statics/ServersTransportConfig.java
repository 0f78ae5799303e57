package io.jwtgate.gateway.config.statics;

import java.time.Duration;
import java.util.List;

/**
 * {@code serversTransport}: how the gateway talks to backends (Traefik's names and defaults).
 *
 * @param responseHeaderTimeout time allowed for the backend to send response headers; zero = no limit (Traefik's default)
 */
public record ServersTransportConfig(
        boolean insecureSkipVerify,
        List<String> rootCAs,
        int maxIdleConnsPerHost,
        Duration dialTimeout,
        Duration responseHeaderTimeout,
        Duration idleConnTimeout) {

    public ServersTransportConfig {
        rootCAs = List.copyOf(rootCAs);
    }

    public static ServersTransportConfig defaults() {
        return new ServersTransportConfig(false, List.of(), 200, Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(90));
    }
}
