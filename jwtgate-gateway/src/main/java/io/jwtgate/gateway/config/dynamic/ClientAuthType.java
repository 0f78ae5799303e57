package io.jwtgate.gateway.config.dynamic;

/**
 * Traefik's {@code clientAuth.clientAuthType}, with Go's {@code crypto/tls} semantics: whether the
 * server asks for a certificate, whether the client must send one, and whether it is verified
 * against {@code caFiles}. {@code RequireAnyClientCert} requires a certificate but never verifies it.
 */
public enum ClientAuthType {
    NoClientCert(false, false, false),
    RequestClientCert(true, false, false),
    RequireAnyClientCert(true, true, false),
    VerifyClientCertIfGiven(true, false, true),
    RequireAndVerifyClientCert(true, true, true);

    private final boolean requests;
    private final boolean requires;
    private final boolean verifies;

    ClientAuthType(boolean requests, boolean requires, boolean verifies) {
        this.requests = requests;
        this.requires = requires;
        this.verifies = verifies;
    }

    /** The server's CertificateRequest is sent. */
    public boolean requests() {
        return requests;
    }

    /** A handshake without a client certificate fails. */
    public boolean requires() {
        return requires;
    }

    /** A certificate the client sends must chain to one of {@code caFiles}, or the handshake fails. */
    public boolean verifies() {
        return verifies;
    }

    /** The type Traefik names {@code name} (case-sensitive, as Traefik's switch), or null. */
    public static ClientAuthType of(String name) {
        for (ClientAuthType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
