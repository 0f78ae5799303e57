package io.jwtgate.gateway.server.tls;

import io.jwtgate.gateway.runtime.AcmeChallenges;
import io.jwtgate.gateway.runtime.tls.SniOptions;
import io.jwtgate.gateway.runtime.tls.TlsOptions;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * The certificate's key manager, where the shared context refuses the server names it must (no
 * certificate: the handshake fails with an alert and the connection closes; an exception during
 * Vert.x's SNI lookup would leave it open), and where {@code disableSessionTickets} is applied: the
 * JDK asks it for the server's key during every full handshake, before any ticket or session ID is
 * issued, and a handshake session invalidated then is neither cached nor given a ticket (TLS 1.2
 * and 1.3), so every connection does a full handshake, as with Go's {@code SessionTicketsDisabled}.
 * It also answers tls-alpn-01 (RFC 8737): a handshake that negotiated {@code acme-tls/1} gets the
 * resolver's validation certificate for its server name, or fails when none is pending (as Traefik).
 * The JDK selects the ALPN protocol (EncryptedExtensions) before the certificate in TLS 1.3; in TLS
 * 1.2 it chooses the certificate first, so {@code acme-tls/1} is answered on TLS 1.3 only (the CAs'
 * validation clients, Go's included, offer TLS 1.3).
 */
final class SessionKeyManager extends X509ExtendedKeyManager {

    private static final String ACME_TLS = "acme-tls/1";
    private static final String CHALLENGE_ALIAS = "acme-tls-alpn-01:";

    private final X509KeyManager delegate;
    private final TlsOptions options;
    private final Predicate<String> refuses;
    private final AcmeChallenges challenges;
    /** The validation certificates handed out by alias (an alias must resolve to a chain and a key afterwards). */
    private final Map<String, AcmeChallenges.ChallengeCertificate> served = new ConcurrentHashMap<>();

    SessionKeyManager(X509KeyManager delegate, TlsOptions options, Predicate<String> refuses, AcmeChallenges challenges) {
        this.delegate = delegate;
        this.options = options;
        this.refuses = refuses;
        this.challenges = challenges;
    }

    /** The server name the client sent, normalized; {@code ""} without SNI. */
    private static String serverName(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return SniOptions.normalize(host.getAsciiName());
                }
            }
        }
        return "";
    }

    private void handshake(SSLSession session) {
        if (options.disableSessionTickets() && session != null) {
            // TLS 1.2 drops an invalidated session's context, which names the options: tag the session instead. Not
            // in TLS 1.3, where the context stays and a session value would make the JDK send a post-handshake ticket.
            if (!"TLSv1.3".equals(session.getProtocol())) {
                session.putValue(NegotiatedOptions.SESSION_KEY, options.ref());
            }
            session.invalidate();
        }
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        SSLSession session = engine == null ? null : engine.getHandshakeSession();
        if (engine != null && ACME_TLS.equals(engine.getHandshakeApplicationProtocol())) {
            return tlsAlpnChallenge(serverName(session), keyType);
        }
        if (refuses != null && refuses.test(serverName(session))) {
            return null;
        }
        handshake(session);
        return delegate instanceof X509ExtendedKeyManager x ? x.chooseEngineServerAlias(keyType, issuers, engine)
                : delegate.chooseServerAlias(keyType, issuers, null);
    }

    private String tlsAlpnChallenge(String serverName, String keyType) {
        AcmeChallenges.ChallengeCertificate c = challenges.tlsAlpn01(serverName);
        if (c == null || !c.key().getAlgorithm().equals(keyType.startsWith("EC") ? "EC" : keyType)) {
            return null; // the handshake fails: no challenge pending for this name (or not for this key type)
        }
        String alias = CHALLENGE_ALIAS + serverName;
        served.put(alias, c);
        return alias;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return delegate.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return delegate.getServerAliases(keyType, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        AcmeChallenges.ChallengeCertificate c = alias == null ? null : served.get(alias);
        return c != null ? new X509Certificate[] {c.certificate()} : delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        AcmeChallenges.ChallengeCertificate c = alias == null ? null : served.get(alias);
        return c != null ? c.key() : delegate.getPrivateKey(alias);
    }
}
