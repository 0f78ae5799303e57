package io.jwtgate.gateway.config.statics;

/**
 * {@code ping}: answers {@code GET /ping} with 200 OK on the named entry point (default {@code traefik}).
 * jwtgate extension: {@code GET /ready} on the same entry point answers 200 once the configuration is
 * loaded and, when {@code readinessRequiresKeys} (default true), every JWT middleware in use holds keys.
 */
public record PingConfig(String entryPoint, boolean readinessRequiresKeys) {}
