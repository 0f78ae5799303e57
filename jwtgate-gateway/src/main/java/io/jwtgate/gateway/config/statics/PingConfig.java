package io.jwtgate.gateway.config.statics;

/** {@code ping}: answers {@code GET /ping} with 200 OK on the named entry point (default {@code traefik}). */
public record PingConfig(String entryPoint) {}
