package io.jwtgate.gateway.config.statics;

/**
 * {@code ping}: answers requests under {@code /ping} with 200 OK on the named entry point
 * (default {@code traefik}), unless {@code manualRouting}, in which case only routers naming
 * {@code ping@internal} serve it, as in Traefik. jwtgate extension: {@code GET /ready} on the same
 * entry point answers 200 once the configuration is loaded and, when {@code readinessRequiresKeys}
 * (default true), every JWT middleware in use holds keys.
 *
 * @param terminatingStatusCode Traefik's status while terminating (default 503); jwtgate stops
 *                              accepting at once on SIGTERM (no accept grace period), so ping never answers it
 */
public record PingConfig(String entryPoint, boolean readinessRequiresKeys, boolean manualRouting, int terminatingStatusCode) {

    public PingConfig(String entryPoint, boolean readinessRequiresKeys) {
        this(entryPoint, readinessRequiresKeys, false, 503);
    }
}
