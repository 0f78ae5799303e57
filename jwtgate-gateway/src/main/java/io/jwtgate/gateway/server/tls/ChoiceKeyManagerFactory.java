package io.jwtgate.gateway.server.tls;

import io.jwtgate.gateway.runtime.tls.TlsChoice;
import io.netty.handler.ssl.SslContext;
import java.security.KeyStore;
import java.util.function.Predicate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLException;

/**
 * A certificate's key managers together with the TLS options chosen for the server name: the one
 * value Vert.x hands from the SNI lookup ({@link SniKeyCertOptions}) to the context factory
 * ({@link OptionsSslContextFactory}), so both always agree on the options of a handshake.
 */
final class ChoiceKeyManagerFactory extends KeyManagerFactory {

    private final KeyManagerFactory certificate;
    private final TlsChoice choice;
    private final OptionSslContexts contexts;
    private final Predicate<String> refuses;

    /**
     * @param refuses for the shared context of names without their own (and of connections without SNI):
     *                the server names its handshakes must fail for ({@code ""} is no SNI); null for a name's own context
     */
    ChoiceKeyManagerFactory(KeyManagerFactory certificate, TlsChoice choice, OptionSslContexts contexts, Predicate<String> refuses) {
        super(new Spi(certificate), certificate.getProvider(), certificate.getAlgorithm());
        this.certificate = certificate;
        this.choice = choice;
        this.contexts = contexts;
        this.refuses = refuses;
    }

    SslContext context(boolean alpn) throws SSLException {
        return switch (choice) {
            case TlsChoice.Refuse r -> contexts.refusing(certificate, alpn);
            case TlsChoice.Use u -> contexts.get(certificate, u.options(), alpn, refuses);
        };
    }

    private static final class Spi extends KeyManagerFactorySpi {
        private final KeyManagerFactory certificate;

        Spi(KeyManagerFactory certificate) {
            this.certificate = certificate;
        }

        @Override
        protected void engineInit(KeyStore ks, char[] password) {
            throw new UnsupportedOperationException("already initialised");
        }

        @Override
        protected void engineInit(ManagerFactoryParameters spec) {
            throw new UnsupportedOperationException("already initialised");
        }

        @Override
        protected KeyManager[] engineGetKeyManagers() {
            return certificate.getKeyManagers();
        }
    }
}
