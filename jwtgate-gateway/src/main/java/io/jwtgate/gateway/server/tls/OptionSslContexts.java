package io.jwtgate.gateway.server.tls;

import io.jwtgate.gateway.config.dynamic.TlsOptionsConfig;
import io.jwtgate.gateway.runtime.AcmeChallenges;
import io.jwtgate.gateway.runtime.tls.TlsOptions;
import io.jwtgate.gateway.runtime.tls.TlsOptionsRef;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;

/**
 * The Netty contexts of one TLS setup, one per certificate and set of options (not per server
 * name: every name under a wildcard certificate shares one). Each has its own JDK
 * {@code SSLContext}: protocols, suites, client authentication, trust, ALPN, named groups and
 * session handling of those options, and its own session cache, so sessions never resume across options.
 */
final class OptionSslContexts {

    private record Key(KeyManagerFactory certificate, TlsOptionsRef options, boolean alpn, boolean checksNames) {}

    /** What refused handshakes are set up with before they fail: never used to send a byte of application data. */
    private static final TlsOptions REFUSED = new TlsOptions(TlsOptionsConfig.traefikDefault(), List.of(), new TlsOptionsRef("(refused)", ""));

    private final Map<Key, SslContext> contexts = new ConcurrentHashMap<>();
    private final AcmeChallenges challenges;

    OptionSslContexts(AcmeChallenges challenges) {
        this.challenges = challenges;
    }

    /** @param refuses the server names whose handshakes fail in this context, or null */
    SslContext get(KeyManagerFactory certificate, TlsOptions options, boolean alpn, Predicate<String> refuses) throws SSLException {
        Key key = new Key(certificate, options.ref(), alpn, refuses != null);
        SslContext existing = contexts.get(key);
        if (existing != null) {
            return existing;
        }
        SslContext built = build(certificate, options, alpn, refuses);
        SslContext raced = contexts.putIfAbsent(key, built);
        return raced != null ? raced : built;
    }

    /** A context whose every handshake fails (its options are invalid or missing). */
    SslContext refusing(KeyManagerFactory certificate, boolean alpn) throws SSLException {
        return get(certificate, REFUSED, alpn, name -> true);
    }

    private SslContext build(KeyManagerFactory certificate, TlsOptions options, boolean alpn, Predicate<String> refuses)
            throws SSLException {
        X509KeyManager keys = null;
        for (KeyManager km : certificate.getKeyManagers()) {
            if (km instanceof X509KeyManager x) {
                keys = x;
                break;
            }
        }
        if (keys == null) {
            throw new SSLException("no X.509 key manager for the certificate");
        }
        SSLContext jdk;
        try {
            jdk = SSLContext.getInstance("TLS");
            jdk.init(new KeyManager[] {new SessionKeyManager(keys, options, refuses, challenges)}, new TrustManager[] {ClientCertificateTrust.of(options)}, null);
        } catch (GeneralSecurityException e) {
            throw new SSLException("cannot set up TLS options '" + options.name() + "': " + e.getMessage(), e);
        }
        NegotiatedOptions.register(jdk.getServerSessionContext(), options.ref());
        List<String> protocols = options.alpnProtocols();
        ApplicationProtocolConfig apn = !alpn || protocols.isEmpty() ? ApplicationProtocolConfig.DISABLED
                : new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        // No protocol in common is a no_application_protocol alert, as from Go since 1.17.
                        ApplicationProtocolConfig.SelectorFailureBehavior.FATAL_ALERT,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.FATAL_ALERT, protocols);
        ClientAuth clientAuth = options.clientAuth().requires() ? ClientAuth.REQUIRE
                : options.clientAuth().requests() ? ClientAuth.OPTIONAL : ClientAuth.NONE;
        JdkSslContext netty = new JdkSslContext(jdk, false, options.cipherSuites(), IdentityCipherSuiteFilter.INSTANCE, apn, clientAuth,
                TlsServerOptions.PROTOCOLS.toArray(String[]::new), false);
        return new Engines(netty, options);
    }

    /** Sets what Netty's context has no setting for on each engine: the named groups and the version range. */
    private static final class Engines extends DelegatingSslContext {
        private final String[] groups;
        private final VersionConstraints versions;

        Engines(SslContext context, TlsOptions options) {
            super(context);
            this.groups = options.namedGroups().toArray(String[]::new);
            this.versions = new VersionConstraints(options.minVersion(), options.maxVersion());
        }

        @Override
        protected void initEngine(SSLEngine engine) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setNamedGroups(groups);
            parameters.setAlgorithmConstraints(versions);
            engine.setSSLParameters(parameters);
        }
    }
}
