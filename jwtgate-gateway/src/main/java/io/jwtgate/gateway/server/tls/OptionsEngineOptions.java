package io.jwtgate.gateway.server.tls;

import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;

/**
 * The JDK engine, with {@link OptionsSslContextFactory} making the contexts. Stateless (what a
 * context needs comes with its key managers), so one instance serves every server and reload.
 */
final class OptionsEngineOptions extends JdkSSLEngineOptions {

    @Override
    public SslContextFactory sslContextFactory() {
        return new OptionsSslContextFactory();
    }

    /** Vert.x copies server options; a copy must keep this factory. */
    @Override
    public JdkSSLEngineOptions copy() {
        return this;
    }
}
