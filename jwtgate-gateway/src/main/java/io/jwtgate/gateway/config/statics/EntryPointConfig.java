package io.jwtgate.gateway.config.statics;

import java.time.Duration;
import java.util.List;

/**
 * One entry point: where the gateway listens and what it does for every request there.
 *
 * @param tls                 {@code http.tls} is set: the listener speaks TLS (HTTP/2 through ALPN)
 * @param middlewares         {@code http.middlewares}: prepended to every router on this entry point
 * @param redirect            {@code http.redirections.entryPoint}, or null
 * @param maxHeaderBytes      request line plus headers larger than this get 431 (414 for the line alone)
 * @param maxRequestBodyBytes bodies larger than this get 413; 0 means unlimited (Traefik's default)
 * @param graceTimeout        {@code transport.lifeCycle.graceTimeOut}: how long in-flight requests may finish on shutdown
 */
public record EntryPointConfig(
        String name,
        String host,
        int port,
        boolean tls,
        List<String> middlewares,
        Redirection redirect,
        ForwardedHeadersConfig forwardedHeaders,
        long maxHeaderBytes,
        long maxRequestBodyBytes,
        Duration readTimeout,
        Duration idleTimeout,
        Duration graceTimeout) {

    public static final long DEFAULT_MAX_HEADER_BYTES = 1 << 20;

    public EntryPointConfig {
        middlewares = List.copyOf(middlewares);
    }

    /** {@code http.redirections.entryPoint}: send every request to another entry point's scheme and port. */
    public record Redirection(String toEntryPoint, String scheme, boolean permanent) {}

    /** {@code forwardedHeaders}: whose X-Forwarded-* headers are kept instead of replaced. */
    public record ForwardedHeadersConfig(boolean insecure, List<String> trustedIPs) {
        public ForwardedHeadersConfig {
            trustedIPs = List.copyOf(trustedIPs);
        }
    }
}
