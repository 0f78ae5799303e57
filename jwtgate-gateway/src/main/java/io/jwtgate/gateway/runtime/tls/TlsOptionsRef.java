package io.jwtgate.gateway.runtime.tls;

/**
 * Which TLS options a connection was set up with, or a router expects: the name and a digest of
 * the settings. A request whose router expects other options than its connection negotiated is
 * misdirected (421, Traefik's SNI check); the digest also catches options edited since the
 * connection was made, so a connection made before mTLS was required cannot reach the router after.
 */
public record TlsOptionsRef(String name, String digest) {}
