package io.jwtgate.gateway.runtime.tls;

/** What a TLS connection gets: a set of options, or refusal (the options it would use are invalid or missing). */
public sealed interface TlsChoice {

    String name();

    record Use(TlsOptions options) implements TlsChoice {
        @Override
        public String name() {
            return options.name();
        }
    }

    /** The handshake fails: Traefik closes such connections too ("broken TLS router"). */
    record Refuse(String name, String reason) implements TlsChoice {}
}
