package io.jwtgate.gateway.server.tls;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.runtime.tls.SniOptions;
import io.jwtgate.gateway.runtime.tls.TlsChoice;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
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
        Function<String, KeyManagerFactory> byName = configured(vertx);
        return new ChoiceKeyManagerFactory(defaultCertificate(vertx), sni.defaultChoice(), contexts,
                name -> refused(name, name.isEmpty() ? null : byName.apply(name)));
    }

    @Override
    public Function<String, KeyManagerFactory> keyManagerFactoryMapper(Vertx vertx) throws Exception {
        KeyManagerFactory fallback = defaultCertificate(vertx);
        Function<String, KeyManagerFactory> byName = configured(vertx);
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

    /** The default certificate alone: the one unknown names and connections without SNI get. */
    private KeyManagerFactory defaultCertificate(Vertx vertx) throws Exception {
        TlsCertificates.PemPair def = certificates.defaultCertificate();
        if (def == null) {
            KeyStore empty = KeyStore.getInstance(KeyStore.getDefaultType());
            empty.load(null, null);
            KeyManagerFactory none = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            none.init(empty, new char[0]);
            return none;
        }
        return new PemKeyCertOptions().addCertValue(Buffer.buffer(def.certificatePem())).addKeyValue(Buffer.buffer(def.keyPem()))
                .getKeyManagerFactory(vertx);
    }

    /** The configured certificates by the names they are for (SANs, CN; {@code *.} wildcards of one label). */
    private Function<String, KeyManagerFactory> configured(Vertx vertx) throws Exception {
        if (certificates.all().isEmpty()) {
            return name -> null;
        }
        PemKeyCertOptions pem = new PemKeyCertOptions();
        for (TlsCertificates.PemPair pair : certificates.all()) {
            pem.addCertValue(Buffer.buffer(pair.certificatePem())).addKeyValue(Buffer.buffer(pair.keyPem()));
        }
        return pem.keyManagerFactoryMapper(vertx);
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
