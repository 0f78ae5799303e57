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
 * {@link #keyManagerFactoryMapper} for each server name a client sends; the answer carries the
 * certificate for the name and the TLS options chosen for it:
 * <ul>
 *   <li>options that are refused, and strict SNI ({@code sniStrict}) for a name no certificate
 *       matches, fail the handshake;</li>
 *   <li>a name with its own options and no certificate gets the default certificate with those options;</li>
 *   <li>a name with neither gets null: the shared context of the default certificate and default options,
 *       which also serves connections without SNI (refused when the default options are strict).</li>
 * </ul>
 * Equal setups are equal objects, so Vert.x keeps its contexts when a reload changes nothing here.
 */
final class SniKeyCertOptions implements KeyCertOptions {

    private final TlsCertificates certificates;
    private final SniOptions sni;
    private final String digest;
    private final OptionSslContexts contexts = new OptionSslContexts();

    SniKeyCertOptions(TlsCertificates certificates, SniOptions sni) {
        this.certificates = certificates;
        this.sni = sni;
        this.digest = sni.digest();
    }

    @Override
    public KeyCertOptions copy() {
        return this; // immutable
    }

    @Override
    public KeyManagerFactory getKeyManagerFactory(Vertx vertx) throws Exception {
        return new ChoiceKeyManagerFactory(defaultCertificate(vertx), sni.defaultChoice(), contexts);
    }

    @Override
    public Function<String, KeyManagerFactory> keyManagerFactoryMapper(Vertx vertx) throws Exception {
        KeyManagerFactory fallback = defaultCertificate(vertx);
        Function<String, KeyManagerFactory> byName = configured(vertx);
        return serverName -> {
            String name = SniOptions.normalize(serverName);
            TlsChoice choice = sni.choose(name);
            if (choice instanceof TlsChoice.Refuse r) {
                throw new IllegalStateException("TLS options '" + r.name() + "' for " + name + " cannot be used: " + r.reason());
            }
            KeyManagerFactory certificate = byName.apply(name);
            if (certificate == null) {
                if (((TlsChoice.Use) choice).options().sniStrict()) {
                    throw new IllegalStateException("strict SNI (TLS options '" + choice.name() + "'): no certificate for " + name);
                }
                if (choice.equals(sni.defaultChoice())) {
                    return null;
                }
                certificate = fallback;
            }
            return new ChoiceKeyManagerFactory(certificate, choice, contexts);
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
        if (certificates.certificates().isEmpty()) {
            return name -> null;
        }
        PemKeyCertOptions pem = new PemKeyCertOptions();
        for (TlsCertificates.PemPair pair : certificates.certificates()) {
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
