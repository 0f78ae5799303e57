package io.jwtgate.gateway.pem;

import static io.jwtgate.gateway.support.PemFixtures.certificate;
import static io.jwtgate.gateway.support.PemFixtures.keyPem;
import static io.jwtgate.gateway.support.PemFixtures.keys;
import static io.jwtgate.gateway.support.TestPki.pem;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.gateway.support.PemFixtures.Encoding;
import io.jwtgate.gateway.support.PemFixtures.KeyType;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link PemText#checkPair}: what a configured certificate must be to be served, as Go's {@code tls.X509KeyPair} reads it. */
class PemTextPairTest {

    static Stream<Arguments> served() {
        return Stream.of(KeyType.values()).flatMap(type -> Stream.of(Encoding.PKCS8, Encoding.TRADITIONAL)
                .filter(e -> type != KeyType.ED25519 || e == Encoding.PKCS8).map(e -> Arguments.of(type, e)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("served")
    void aCertificateWithItsOwnKeyIsServed(KeyType type, Encoding encoding) {
        KeyPair keys = keys(type);
        String cert = pem(certificate(type, keys, "CN=ok.test", "ok.test"));
        assertThatCode(() -> PemText.checkPair(cert, keyPem(keys, encoding))).doesNotThrowAnyException();
    }

    static Stream<Arguments> refused() {
        KeyPair rsa = keys(KeyType.RSA);
        KeyPair ec = keys(KeyType.EC);
        String rsaCert = pem(certificate(KeyType.RSA, rsa, "CN=rsa.test", "rsa.test"));
        String ecCert = pem(certificate(KeyType.EC, ec, "CN=ec.test", "ec.test"));
        String ecKey = keyPem(ec, Encoding.PKCS8);
        KeyPair ed = keys(KeyType.ED25519);
        String edCert = pem(certificate(KeyType.ED25519, ed, "CN=ed.test", "ed.test"));
        KeyPair otherEc = keys(KeyType.EC);
        String mismatch = "does not match the certificate's public key";
        return Stream.of(
                Arguments.of("another RSA key", rsaCert, keyPem(keys(KeyType.RSA), Encoding.PKCS8), mismatch),
                Arguments.of("another EC key (PKCS#8)", ecCert, keyPem(otherEc, Encoding.PKCS8), mismatch),
                Arguments.of("another EC key (SEC 1)", ecCert, keyPem(otherEc, Encoding.TRADITIONAL), mismatch),
                // Go derives the public point from the private scalar; the public key a SEC 1 block carries proves nothing.
                Arguments.of("another EC key carrying the certificate's public key", ecCert,
                        keyPem(new KeyPair(ec.getPublic(), otherEc.getPrivate()), Encoding.TRADITIONAL), mismatch),
                Arguments.of("an EC key of another curve", ecCert, keyPem(p384(), Encoding.PKCS8), mismatch),
                Arguments.of("another Ed25519 key", edCert, keyPem(keys(KeyType.ED25519), Encoding.PKCS8), mismatch),
                Arguments.of("a key of another type", ecCert, keyPem(rsa, Encoding.PKCS8), "the key is RSA, the certificate's public key EC"),
                Arguments.of("the files swapped", ecKey, ecCert, "no CERTIFICATE block"),
                Arguments.of("no key block", ecCert, ecCert, "no unencrypted PRIVATE KEY"),
                Arguments.of("an empty key", ecCert, "", "no unencrypted PRIVATE KEY"),
                Arguments.of("a key block that is not DER", ecCert, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                        "a private key block does not parse"),
                Arguments.of("a certificate block that is not base64", "-----BEGIN CERTIFICATE-----\n%%%\n-----END CERTIFICATE-----\n", ecKey,
                        "the certificate does not parse"),
                Arguments.of("a certificate block that is not a certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", ecKey,
                        "the certificate does not parse"));
    }

    private static KeyPair p384() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aPairThatIsNotACertificateWithItsKeyIsRefused(String what, String certificatePem, String keyPem, String message) {
        assertThatThrownBy(() -> PemText.checkPair(certificatePem, keyPem)).isInstanceOf(IOException.class).hasMessageContaining(message);
    }
}
