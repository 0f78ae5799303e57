package io.jwtgate.gateway.server.tls;

import io.netty.handler.ssl.SslContext;
import io.vertx.core.spi.tls.SslContextFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

/**
 * What Vert.x asks for a server context (one per SNI name it resolved, plus one for connections
 * without a name): the context of the options that came with the key managers. The cipher suites,
 * client authentication and ALPN list Vert.x passes are those of the entry point as a whole and are
 * ignored; each set of options has its own.
 */
final class OptionsSslContextFactory implements SslContextFactory {

    private boolean useAlpn;
    private KeyManagerFactory keyManagers;
    private String serverName;

    @Override
    public SslContextFactory useAlpn(boolean useAlpn) {
        this.useAlpn = useAlpn;
        return this;
    }

    @Override
    public SslContextFactory keyMananagerFactory(KeyManagerFactory kmf) {
        this.keyManagers = kmf;
        return this;
    }

    @Override
    public SslContextFactory serverName(String serverName) {
        this.serverName = serverName;
        return this;
    }

    @Override
    public SslContext create() throws SSLException {
        if (!(keyManagers instanceof ChoiceKeyManagerFactory choice)) {
            throw new SSLException("jwtgate TLS entry points need their own key/certificate options");
        }
        return choice.context(serverName, useAlpn);
    }
}
