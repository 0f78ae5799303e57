package io.jwtgate.gateway.server.tls;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.runtime.tls.SniOptions;
import io.jwtgate.gateway.runtime.tls.TlsChoice;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import java.security.KeyStore;
import java.util.Objects;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;

/**
 * One TLS entry point's certificates and SNI table, as Vert.x key/certificate options. Vert.x asks
 * {@link #keyManagerFactoryMapper} for each server name a client sends; a name with a certificate
 * of its own, or with TLS options other than the defaults, gets its own context with the options
 * chosen for it. Every other name gets null: the shared context of the default certificate and
 * default options, which also serves connections without SNI and fails the handshakes that must
 * fail (refused options; strict SNI without SNI or without a certificate for the name). Refusals are
 * never cached per name, so names a client makes up cost nothing to remember.
 * Equal setups are equal objects, so Vert.x keeps its contexts when a reload changes nothing here.
 */
final class SniKeyCertOptions implements KeyCertOptions {

    private final TlsCertificates certificates;
    private final SniOptions sni;
    private final String digest;
    private final OptionSslContexts contexts;
    // Vert.x asks for both the shared factory and the mapper: the key managers are built for the first and kept.
    private KeyManagerFactory defaultKeys;
    private Function<String, KeyManagerFactory> configuredKeys;

    SniKeyCertOptions(TlsCertificates certificates, SniOptions sni) {
        this.certificates = certificates;
        this.sni = sni;
        this.digest = sni.digest();
        this.contexts = new OptionSslContexts(certificates.challenges());
    }

    @Override
    public KeyCertOptions copy() {
        return this; // immutable
    }

    @Override
    public KeyManagerFactory getKeyManagerFactory(Vertx vertx) throws Exception {
        Function<String, KeyManagerFactory> byName = configured();
        return new ChoiceKeyManagerFactory(defaultCertificate(), sni.defaultChoice(), contexts,
                name -> refused(name, name.isEmpty() ? null : byName.apply(name)));
    }

    @Override
    public Function<String, KeyManagerFactory> keyManagerFactoryMapper(Vertx vertx) throws Exception {
        KeyManagerFactory fallback = defaultCertificate();
        Function<String, KeyManagerFactory> byName = configured();
        return serverName -> {
            String name = SniOptions.normalize(serverName);
            KeyManagerFactory certificate = byName.apply(name);
            TlsChoice choice = sni.choose(name);
            if (refused(name, certificate) || (certificate == null && choice.equals(sni.defaultChoice()))) {
                return null; // the shared context: it refuses what must be refused
            }
            return new ChoiceKeyManagerFactory(certificate != null ? certificate : fallback, choice, contexts, null);
        };
    }

    /** Whether a handshake for this name ({@code ""}: no SNI) must fail: refused options, or strict SNI and no certificate. */
    private boolean refused(String name, KeyManagerFactory certificate) {
        TlsChoice choice = sni.choose(name);
        return switch (choice) {
            case TlsChoice.Refuse r -> true;
            case TlsChoice.Use u -> u.options().sniStrict() && certificate == null;
        };
    }

    /** The default certificate alone: the one unknown names and connections without SNI get. Built once per setup. */
    private synchronized KeyManagerFactory defaultCertificate() throws Exception {
        if (defaultKeys == null) {
            defaultKeys = buildDefault();
        }
        return defaultKeys;
    }

    private KeyManagerFactory buildDefault() throws Exception {
        TlsCertificates.PemPair def = certificates.defaultCertificate();
        if (def == null) {
            KeyStore empty = KeyStore.getInstance(KeyStore.getDefaultType());
            empty.load(null, null);
            KeyManagerFactory none = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            none.init(empty, new char[0]);
            return none;
        }
        return PemKeyManagers.of(def);
    }

    /** The configured certificates by the names they are for (SANs, CN; {@code *.} wildcards of one label). Built once per setup. */
    private synchronized Function<String, KeyManagerFactory> configured() throws Exception {
        if (configuredKeys == null) {
            configuredKeys = PemKeyManagers.byServerName(certificates.all());
        }
        return configuredKeys;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SniKeyCertOptions other && certificates.equals(other.certificates) && digest.equals(other.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(certificates, digest);
    }
}
