package io.jwtgate.gateway.runtime;

import java.util.List;

/**
 * The certificates TLS entry points present, as PEM text. The default certificate (configured,
 * or generated and self-signed, as Traefik does) answers when no other certificate matches the SNI name.
 */
public record TlsCertificates(PemPair defaultCertificate, List<PemPair> certificates) {

    public TlsCertificates {
        certificates = List.copyOf(certificates);
    }

    public static TlsCertificates none() {
        return new TlsCertificates(null, List.of());
    }

    public record PemPair(String certificatePem, String keyPem) {}
}
