package io.jwtgate.gateway.pem;

import static io.jwtgate.gateway.support.PemFixtures.pair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.gateway.runtime.TlsCertificates.PemPair;
import io.jwtgate.gateway.support.PemFixtures.KeyType;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import javax.net.ssl.X509KeyManager;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PemKeyStores}: a client with several certificates presents the first, in the configured order, whose key type
 * and issuer the server asks for, as Go's client picks the first certificate the server's request supports (the order
 * of the key types the server lists does not matter).
 */
class PemKeyStoresTest {

    private static final PemPair RSA_ONE = pair(KeyType.RSA, "one.example.test");
    private static final PemPair EC_TWO = pair(KeyType.EC, "two.example.test");
    private static final PemPair RSA_THREE = pair(KeyType.RSA, "three.example.test");
    private static final PemPair ED_FOUR = pair(KeyType.ED25519, "four.example.test");

    @Test
    void aPairWhoseKeyIsNotTheCertificatesOwnIsRefused() {
        assertThatThrownBy(() -> PemKeyStores.clientKeyManagers(List.of(RSA_ONE.certificatePem()), List.of(RSA_THREE.keyPem())))
                .isInstanceOf(IOException.class).hasMessageContaining("does not match the certificate's public key");
    }

    @ParameterizedTest(name = "key types {0}, issuer {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "RSA     | -                     | CN=one.example.test",
            "EC      | -                     | CN=two.example.test",
            "RSA,EC  | -                     | CN=one.example.test",
            "EC,RSA  | -                     | CN=one.example.test",
            "RSA     | CN=three.example.test | CN=three.example.test",
            "EC      | CN=three.example.test | -",
            "RSA     | CN=nobody             | -",
            "EdDSA   | -                     | CN=four.example.test",
            "EC,EdDSA| CN=four.example.test  | CN=four.example.test",
    })
    void theClientPresentsTheFirstCertificateTheServerAsksFor(String keyTypes, String issuer, String presented) throws Exception {
        X509KeyManager keys = (X509KeyManager) PemKeyStores.clientKeyManagers(
                List.of(RSA_ONE.certificatePem(), EC_TWO.certificatePem(), RSA_THREE.certificatePem(), ED_FOUR.certificatePem()),
                List.of(RSA_ONE.keyPem(), EC_TWO.keyPem(), RSA_THREE.keyPem(), ED_FOUR.keyPem())).getKeyManagers()[0];
        Principal[] issuers = issuer == null ? null : new Principal[] {new X500Principal(issuer)};
        String alias = keys.chooseClientAlias(keyTypes.split(","), issuers, null);
        if (presented == null) {
            assertThat(alias).isNull();
        } else {
            assertThat(keys.getCertificateChain(alias)[0].getSubjectX500Principal().getName()).isEqualTo(presented);
        }
    }
}
