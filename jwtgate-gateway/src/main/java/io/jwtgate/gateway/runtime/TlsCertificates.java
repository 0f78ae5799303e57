package io.jwtgate.gateway.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The certificates TLS entry points present, as PEM text. The default certificate (configured,
 * or generated and self-signed, as Traefik does) answers when no other certificate matches the SNI name.
 *
 * @param acme       the certificates the certificate resolvers obtained (in Traefik's default store, after the configured ones)
 * @param challenges the ACME challenges pending, answered by the entry points
 */
public record TlsCertificates(PemPair defaultCertificate, List<PemPair> certificates, List<PemPair> acme, AcmeChallenges challenges) {

    public TlsCertificates {
        certificates = List.copyOf(certificates);
        acme = List.copyOf(acme);
        challenges = challenges == null ? AcmeChallenges.NONE : challenges;
    }

    public TlsCertificates(PemPair defaultCertificate, List<PemPair> certificates) {
        this(defaultCertificate, certificates, List.of(), AcmeChallenges.NONE);
    }

    public static TlsCertificates none() {
        return new TlsCertificates(null, List.of());
    }

    /** The configured certificates, then the ACME ones: what SNI chooses among. */
    public List<PemPair> all() {
        if (acme.isEmpty()) {
            return certificates;
        }
        List<PemPair> all = new ArrayList<>(certificates);
        all.addAll(acme);
        return all;
    }

    /** The same configured certificates with these ACME certificates and challenges. */
    public TlsCertificates withAcme(List<PemPair> obtained, AcmeChallenges pending) {
        return new TlsCertificates(defaultCertificate, certificates, obtained, pending);
    }

    public record PemPair(String certificatePem, String keyPem) {}
}
