package io.jwtgate.gateway.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.gateway.runtime.TlsCertificates.PemPair;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
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
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The server's key managers for PEM pairs: every key encoding Traefik reads, a real handshake with each, names as Vert.x mapped them. */
class PemKeyManagersTest {

    private enum KeyType {
        RSA("RSA", null, "SHA256withRSA"), EC("EC", new ECGenParameterSpec("secp256r1"), "SHA256withECDSA"), ED25519("Ed25519", null, "Ed25519");

        final String algorithm;
        final AlgorithmParameterSpec spec;
        final String signature;

        KeyType(String algorithm, AlgorithmParameterSpec spec, String signature) {
            this.algorithm = algorithm;
            this.spec = spec;
            this.signature = signature;
        }
    }

    /** How the key PEM is written: PKCS#8, or the key type's traditional block (PKCS#1, SEC 1), with or without an EC PARAMETERS block first. */
    private enum Encoding { PKCS8, TRADITIONAL, EC_PARAMETERS_FIRST }

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
    void noCertificatesServeNoName() throws Exception {
        assertThat(PemKeyManagers.byServerName(List.of()).apply("a.example.com")).isNull();
    }

    private static PemPair pair(String subject, String... dnsNames) throws Exception {
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

    private static KeyPair keys(KeyType type) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type.algorithm);
        if (type.spec != null) {
            generator.initialize(type.spec);
        } else if (type == KeyType.RSA) {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(KeyType type, KeyPair keys, String subject, String... dnsNames) throws Exception {
        Instant now = Instant.now();
        X500Name name = new X500Name(subject);
        var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
        if (dnsNames.length > 0) {
            GeneralName[] names = Stream.of(dnsNames).map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(type.signature).build(keys.getPrivate())));
    }

    private static String keyPem(KeyPair keys, Encoding encoding) throws IOException {
        return switch (encoding) {
            case PKCS8 -> pem(new JcaPKCS8Generator(keys.getPrivate(), null));
            case TRADITIONAL -> keys.getPrivate() instanceof ECPrivateKey ec ? sec1(ec, keys) : pem(keys.getPrivate());
            case EC_PARAMETERS_FIRST -> "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                    + sec1((ECPrivateKey) keys.getPrivate(), keys);
        };
    }

    /** SEC 1 as {@code openssl ec} writes it: the curve and the public key inside the key structure. */
    private static String sec1(ECPrivateKey key, KeyPair keys) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        byte[] der = new org.bouncycastle.asn1.sec.ECPrivateKey(key.getParams().getOrder().bitLength(), key.getS(),
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData(),
                info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
        return pem(new PemObject("EC PRIVATE KEY", der));
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
