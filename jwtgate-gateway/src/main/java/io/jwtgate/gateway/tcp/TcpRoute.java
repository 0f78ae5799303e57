package io.jwtgate.gateway.tcp;

import io.jwtgate.gateway.runtime.tls.TlsOptionsRef;

/**
 * A TCP router compiled for one entry point.
 *
 * @param service    null when the router is disabled ({@code error} says why): matching connections are closed
 * @param tlsOptions for {@link Mode#TERMINATE}, the TLS options its connections must have been set up with
 */
public record TcpRoute(String name, TcpRule rule, int priority, Mode mode, TcpService service, TlsOptionsRef tlsOptions, String error) {

    /** How the router takes its connections. */
    public enum Mode {
        /** No {@code tls}: cleartext connections, bytes as they came. */
        PLAIN,
        /** {@code tls.passthrough}: TLS connections, bytes as they came (the backend terminates TLS). */
        PASSTHROUGH,
        /** {@code tls} without passthrough: the gateway terminates TLS and forwards the decrypted bytes. */
        TERMINATE
    }

    public boolean catchAll() {
        return rule.catchAll();
    }
}
