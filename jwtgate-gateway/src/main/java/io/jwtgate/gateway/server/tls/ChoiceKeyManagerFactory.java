package io.jwtgate.gateway.server.tls;

import io.jwtgate.gateway.runtime.tls.TlsChoice;
import io.netty.handler.ssl.SslContext;
import java.security.KeyStore;
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

    ChoiceKeyManagerFactory(KeyManagerFactory certificate, TlsChoice choice, OptionSslContexts contexts) {
        super(new Spi(certificate), certificate.getProvider(), certificate.getAlgorithm());
        this.certificate = certificate;
        this.choice = choice;
        this.contexts = contexts;
    }

    /**
     * The context for a handshake; refused ones throw, which fails the handshake.
     *
     * @param serverName null when the client sent no SNI (or the name needs nothing but the defaults)
     */
    SslContext context(String serverName, boolean alpn) throws SSLException {
        return switch (choice) {
            case TlsChoice.Refuse r -> throw new SSLException("TLS options '" + r.name() + "' cannot be used: " + r.reason());
            case TlsChoice.Use u -> {
                if (u.options().sniStrict() && serverName == null) {
                    throw new SSLException("strict SNI (TLS options '" + u.name() + "'): the client sent no server name");
                }
                yield contexts.get(certificate, u.options(), alpn);
            }
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
