package io.jwtgate.gateway.config.statics;

import io.jwtgate.gateway.http.TargetRules;
import io.jwtgate.gateway.http.UnderscoreHeaders;
import java.time.Duration;
import java.util.List;

/**
 * One entry point: where the gateway listens and what it does for every request there.
 *
 * @param tls                 {@code http.tls} is set: the listener speaks TLS (HTTP/2 through ALPN)
 * @param tlsOptions          {@code http.tls.options}: the TLS options of the routers here that declare no {@code tls}
 *                            of their own (Traefik's entry point model), unqualified as written; null when absent
 * @param middlewares         {@code http.middlewares}: prepended to every router on this entry point
 * @param redirect            {@code http.redirections.entryPoint}, or null
 * @param maxHeaderBytes      request line plus headers larger than this get 431 (414 for the line alone)
 * @param maxRequestBodyBytes bodies larger than this get 413; 0 means unlimited (Traefik's default)
 * @param graceTimeout        {@code transport.lifeCycle.graceTimeOut}: how long in-flight requests may finish on shutdown
 * @param targetRules         {@code http.sanitizePath}, {@code http.encodedCharacters}, {@code http.encodeQuerySemicolons}
 * @param underscoreHeaders   {@code http.underscoreHeadersStrategy}
 * @param http2               {@code http2.*}
 * @param asDefault           {@code asDefault}: routers that name no entry point are served here (and on the other
 *                            {@code asDefault} entry points only); when no entry point has it, on all of them
 */
public record EntryPointConfig(
        String name,
        String host,
        int port,
        boolean tls,
        String tlsOptions,
        List<String> middlewares,
        Redirection redirect,
        ForwardedHeadersConfig forwardedHeaders,
        long maxHeaderBytes,
        long maxRequestBodyBytes,
        Duration readTimeout,
        Duration idleTimeout,
        Duration graceTimeout,
        TargetRules targetRules,
        UnderscoreHeaders underscoreHeaders,
        Http2 http2,
        boolean asDefault) {

    public static final long DEFAULT_MAX_HEADER_BYTES = 1 << 20;

    public EntryPointConfig {
        middlewares = List.copyOf(middlewares);
    }

    /** The same entry point on another port (tests and the shared-port deployment use it). */
    public EntryPointConfig withPort(int newPort) {
        return new EntryPointConfig(name, host, newPort, tls, tlsOptions, middlewares, redirect, forwardedHeaders, maxHeaderBytes,
                maxRequestBodyBytes, readTimeout, idleTimeout, graceTimeout, targetRules, underscoreHeaders, http2, asDefault);
    }

    /** The same entry point without its redirection (its target does not exist). */
    public EntryPointConfig withoutRedirect() {
        return new EntryPointConfig(name, host, port, tls, tlsOptions, middlewares, null, forwardedHeaders, maxHeaderBytes,
                maxRequestBodyBytes, readTimeout, idleTimeout, graceTimeout, targetRules, underscoreHeaders, http2, asDefault);
    }

    /**
     * {@code http2}: Traefik's limits for HTTP/2 clients.
     *
     * @param maxConcurrentStreams      streams a client may have open at once (Traefik's default 250)
     * @param maxDecoderHeaderTableSize the HPACK table the gateway keeps for a client's headers (default 4096)
     */
    public record Http2(int maxConcurrentStreams, int maxDecoderHeaderTableSize) {
        public static final Http2 DEFAULTS = new Http2(250, 4096);
    }

    /** {@code http.redirections.entryPoint}: send every request to another entry point's scheme and port. */
    /** @param toEntryPoint an entry point's name, or a port written {@code ":443"} (as Traefik accepts) */
    public record Redirection(String toEntryPoint, String scheme, boolean permanent) {
        public static boolean isPort(String to) {
            return to.matches(":\\d{1,5}");
        }
    }

    /**
     * {@code forwardedHeaders}: whose X-Forwarded-* headers are kept instead of replaced.
     *
     * @param connection headers a client may name in {@code Connection} that still pass through the middleware
     *                   chain; they are removed just before forwarding (every other named header is removed on arrival)
     * @param addXForwardedSchemeHeaders also send {@code X-Forwarded-Scheme} and {@code X-Scheme}, set to X-Forwarded-Proto
     */
    public record ForwardedHeadersConfig(boolean insecure, List<String> trustedIPs, List<String> connection,
                                         boolean addXForwardedSchemeHeaders) {
        public ForwardedHeadersConfig {
            trustedIPs = List.copyOf(trustedIPs);
            connection = List.copyOf(connection);
        }
    }
}
