package io.jwtgate.gateway.server.tls;

import io.jwtgate.gateway.runtime.tls.TlsOptions;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * The certificate's key manager, and the place where {@code disableSessionTickets} is applied: the
 * JDK asks it for the server's key during every full handshake, before any ticket or session ID is
 * issued, and a handshake session invalidated then is neither cached nor given a ticket (TLS 1.2
 * and 1.3), so every connection does a full handshake, as with Go's {@code SessionTicketsDisabled}.
 */
final class SessionKeyManager extends X509ExtendedKeyManager {

    private final X509KeyManager delegate;
    private final TlsOptions options;

    SessionKeyManager(X509KeyManager delegate, TlsOptions options) {
        this.delegate = delegate;
        this.options = options;
    }

    private void handshake(SSLSession session) {
        if (options.disableSessionTickets() && session != null) {
            session.putValue(NegotiatedOptions.SESSION_KEY, options.ref());
            session.invalidate();
        }
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        handshake(engine == null ? null : engine.getHandshakeSession());
        return delegate instanceof X509ExtendedKeyManager x ? x.chooseEngineServerAlias(keyType, issuers, engine)
                : delegate.chooseServerAlias(keyType, issuers, null);
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
        return delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return delegate.getPrivateKey(alias);
    }
}
