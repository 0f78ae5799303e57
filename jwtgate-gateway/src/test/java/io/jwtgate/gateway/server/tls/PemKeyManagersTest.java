package io.jwtgate.gateway.server.tls;

import static io.jwtgate.gateway.support.PemFixtures.certificate;
import static io.jwtgate.gateway.support.PemFixtures.keyPem;
import static io.jwtgate.gateway.support.PemFixtures.keys;
import static io.jwtgate.gateway.support.TestPki.pem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.gateway.runtime.TlsCertificates.PemPair;
import io.jwtgate.gateway.support.PemFixtures.Encoding;
import io.jwtgate.gateway.support.PemFixtures.KeyType;
import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The server's key managers for PEM pairs: every key encoding Traefik reads, a real handshake with each, names as Vert.x mapped them. */
class PemKeyManagersTest {

    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of(KeyType.RSA, Encoding.PKCS8, "-----BEGIN PRIVATE KEY-----"),
                Arguments.of(KeyType.RSA, Encoding.TRADITIONAL, "-----BEGIN RSA PRIVATE KEY-----"),
                Arguments.of(KeyType.EC, Encoding.PKCS8, "-----BEGIN PRIVATE KEY-----"),
                Arguments.of(KeyType.EC, Encoding.TRADITIONAL, "-----BEGIN EC PRIVATE KEY-----"),
                Arguments.of(KeyType.EC, Encoding.EC_PARAMETERS_FIRST, "-----BEGIN EC PARAMETERS-----"),
                Arguments.of(KeyType.ED25519, Encoding.PKCS8, "-----BEGIN PRIVATE KEY-----"));
    }

    @ParameterizedTest(name = "{0} key as {1}")
    @MethodSource("encodings")
    void everyKeyEncodingServesAHandshake(KeyType type, Encoding encoding, String pemStart) throws Exception {
        KeyPair keys = keys(type);
        X509Certificate cert = certificate(type, keys, "CN=pem.test", "pem.test");
        PemPair pair = new PemPair(pem(cert), keyPem(keys, encoding));
        assertThat(pair.keyPem()).startsWith(pemStart);

        KeyManagerFactory factory = PemKeyManagers.of(pair);

        X509KeyManager manager = (X509KeyManager) factory.getKeyManagers()[0];
        String alias = manager.getServerAliases(keys.getPrivate().getAlgorithm(), null)[0];
        assertThat(manager.getPrivateKey(alias).getAlgorithm()).isEqualTo(keys.getPrivate().getAlgorithm());
        assertThat(manager.getCertificateChain(alias)).containsExactly(cert);
        assertThat(handshake(factory, cert)).as("the server signs with the key, the client checks it against the certificate").isEqualTo(cert);
    }

    @Test
    void aChainKeepsItsIntermediates() throws Exception {
        KeyPair keys = keys(KeyType.EC);
        X509Certificate leaf = certificate(KeyType.EC, keys, "CN=leaf.test", "leaf.test");
        X509Certificate other = certificate(KeyType.EC, keys(KeyType.EC), "CN=issuer.test");
        X509KeyManager manager = (X509KeyManager) PemKeyManagers.of(new PemPair(pem(leaf) + pem(other), keyPem(keys, Encoding.PKCS8)))
                .getKeyManagers()[0];
        assertThat(manager.getCertificateChain(manager.getServerAliases("EC", null)[0])).containsExactly(leaf, other);
    }

    static Stream<Arguments> refusals() throws Exception {
        KeyPair keys = keys(KeyType.EC);
        String cert = pem(certificate(KeyType.EC, keys, "CN=bad.test", "bad.test"));
        String key = keyPem(keys, Encoding.PKCS8);
        return Stream.of(
                Arguments.of("no key block", new PemPair(cert, cert), "no unencrypted PRIVATE KEY"),
                Arguments.of("an encrypted key", new PemPair(cert, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkq\n-----END ENCRYPTED PRIVATE KEY-----\n"),
                        "private key"),
                Arguments.of("a key block that is not DER", new PemPair(cert, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
                        "private key"),
                Arguments.of("no certificate block", new PemPair(key, key), "no CERTIFICATE block"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void badPairsAreRefusedWithACheckedException(String what, PemPair pair, String message) {
        assertThatThrownBy(() -> PemKeyManagers.of(pair))
                .isInstanceOfAny(IOException.class, GeneralSecurityException.class)
                .hasMessageContaining(message);
    }

    @Test
    void namesAreTheDnsAlternativeNamesAndTheCommonNameLowerCasedWithOneLabelWildcards() throws Exception {
        PemPair first = pair("CN=Cn.Example.com", "a.example.com", "*.wild.example.com", "UPPER.example.com", "shared.example.com");
        PemPair second = pair("CN=second.example.com", "shared.example.com", "exact.wild.example.com");
        Function<String, KeyManagerFactory> byName = PemKeyManagers.byServerName(List.of(first, second));
        KeyManagerFactory one = byName.apply("a.example.com");
        KeyManagerFactory two = byName.apply("second.example.com");

        assertThat(one).isNotNull();
        assertThat(two).isNotNull().isNotSameAs(one);
        assertThat(byName.apply("upper.example.com")).isSameAs(one);
        assertThat(byName.apply("cn.example.com")).isSameAs(one);
        assertThat(byName.apply("x.wild.example.com")).isSameAs(one);
        assertThat(byName.apply("exact.wild.example.com")).as("an exact name before a wildcard").isSameAs(two);
        assertThat(byName.apply("shared.example.com")).as("the later certificate").isSameAs(two);
        assertThat(byName.apply("x.y.wild.example.com")).as("a wildcard covers one label").isNull();
        assertThat(byName.apply("wild.example.com")).isNull();
        assertThat(byName.apply("other.example.com")).isNull();
        assertThat(byName.apply("localhost")).isNull();
    }

    @Test
    void aPairThatDoesNotLoadLeavesTheOthersServed() {
        PemPair good = pair("CN=good.example.com", "good.example.com");
        PemPair broken = new PemPair(pair("CN=broken.example.com", "broken.example.com").certificatePem(),
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Function<String, KeyManagerFactory> byName = PemKeyManagers.byServerName(List.of(broken, good));
        assertThat(byName.apply("good.example.com")).isNotNull();
        assertThat(byName.apply("broken.example.com")).isNull();
    }

    @Test
    void noCertificatesServeNoName() throws Exception {
        assertThat(PemKeyManagers.byServerName(List.of()).apply("a.example.com")).isNull();
    }

    private static PemPair pair(String subject, String... dnsNames) {
        KeyPair keys = keys(KeyType.EC);
        return new PemPair(pem(certificate(KeyType.EC, keys, subject, dnsNames)), keyPem(keys, Encoding.PKCS8));
    }

    /** Serves one handshake on 127.0.0.1 with the factory and returns the certificate the client saw. */
    private static X509Certificate handshake(KeyManagerFactory factory, X509Certificate trusted) throws Exception {
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(factory.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("server", trusted);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write(1);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                s.startHandshake();
                assertThat(s.getInputStream().read()).isEqualTo(1);
                accepted.get(10, TimeUnit.SECONDS);
                return (X509Certificate) s.getSession().getPeerCertificates()[0];
            }
        }
    }

}
