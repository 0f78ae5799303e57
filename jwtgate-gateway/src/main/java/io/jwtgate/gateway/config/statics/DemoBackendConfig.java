package io.jwtgate.gateway.config.statics;

/**
 * {@code demoBackend} (jwtgate extension): starts an in-process echo server, compatible with
 * traefik/whoami, so that the quick start has a backend to route to.
 */
public record DemoBackendConfig(String host, int port) {}
