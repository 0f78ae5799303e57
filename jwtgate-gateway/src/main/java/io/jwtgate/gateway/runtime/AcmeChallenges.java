package io.jwtgate.gateway.runtime;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * What the certificate resolvers have pending with their CA, for the entry points to answer:
 * http-01 key authorizations ({@code /.well-known/acme-challenge/<token>} on the challenge entry
 * point, ahead of every router) and tls-alpn-01 certificates (handshakes negotiating {@code acme-tls/1}).
 */
public interface AcmeChallenges {

    String HTTP01_PREFIX = "/.well-known/acme-challenge/";

    /** Whether this entry point answers {@code /.well-known/acme-challenge/...} itself (a resolver's httpChallenge.entryPoint). */
    boolean answersHttp01(String entryPoint);

    /** The key authorization for this token and host, or null (answered 404). */
    String http01(String token, String host);

    /** The RFC 8737 validation certificate for this server name, or null (no pending tls-alpn-01 challenge). */
    ChallengeCertificate tlsAlpn01(String serverName);

    record ChallengeCertificate(X509Certificate certificate, PrivateKey key) {}

    AcmeChallenges NONE = new AcmeChallenges() {
        @Override
        public boolean answersHttp01(String entryPoint) {
            return false;
        }

        @Override
        public String http01(String token, String host) {
            return null;
        }

        @Override
        public ChallengeCertificate tlsAlpn01(String serverName) {
            return null;
        }
    };
}
