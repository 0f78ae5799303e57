package io.jwtgate.jwt.crypto;

import static io.jwtgate.jwt.config.CryptoProvider.ACCP;
import static io.jwtgate.jwt.config.CryptoProvider.BOUNCYCASTLE;
import static io.jwtgate.jwt.config.CryptoProvider.JDK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.jwt.config.AlgorithmFamily;
import io.jwtgate.jwt.config.CryptoProvider;
import io.jwtgate.jwt.config.CryptoSettings;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ProviderSelectionTest {

    static final Set<CryptoProvider> ALL = Set.of(ACCP, BOUNCYCASTLE, JDK);
    static final Set<CryptoProvider> NO_ACCP = Set.of(BOUNCYCASTLE, JDK);
    static final Set<CryptoProvider> JDK_ONLY = Set.of(JDK);

    /** settings, loaded providers, expected hmac/rsa/rsaPss/ecdsa/eddsa, expected number of fallback notes. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("auto, everything loads", CryptoSettings.AUTO, ALL, "jdk accp accp accp accp", 0),
                Arguments.of("auto, no ACCP (other platform)", CryptoSettings.AUTO, NO_ACCP, "jdk jdk jdk bouncycastle bouncycastle", 0),
                Arguments.of("auto, JDK only", CryptoSettings.AUTO, JDK_ONLY, "jdk jdk jdk jdk jdk", 0),
                Arguments.of("jdk everywhere", CryptoSettings.only(JDK), ALL, "jdk jdk jdk jdk jdk", 0),
                Arguments.of("accp everywhere (HMAC too)", CryptoSettings.only(ACCP), ALL, "accp accp accp accp accp", 0),
                Arguments.of("accp requested but missing: auto fallback, noted per family", CryptoSettings.only(ACCP), NO_ACCP,
                        "jdk jdk jdk bouncycastle bouncycastle", 5),
                Arguments.of("per-family override wins over the default", new CryptoSettings(JDK, Map.of(AlgorithmFamily.ECDSA, BOUNCYCASTLE)), ALL,
                        "jdk jdk jdk bouncycastle jdk", 0),
                Arguments.of("override on auto default", new CryptoSettings(null, Map.of(AlgorithmFamily.EDDSA, JDK)), ALL,
                        "jdk accp accp accp jdk", 0),
                Arguments.of("unusable override falls back alone", new CryptoSettings(null, Map.of(AlgorithmFamily.RSA, BOUNCYCASTLE)), Set.of(ACCP, JDK),
                        "jdk accp accp accp accp", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void selects(String name, CryptoSettings settings, Set<CryptoProvider> loaded, String expected, int notes) {
        ProviderSelection.Result result = ProviderSelection.select(settings, (p, family) -> loaded.contains(p));
        String[] want = expected.split(" ");
        AlgorithmFamily[] order = {AlgorithmFamily.HMAC, AlgorithmFamily.RSA, AlgorithmFamily.RSA_PSS, AlgorithmFamily.ECDSA, AlgorithmFamily.EDDSA};
        for (int i = 0; i < order.length; i++) {
            assertThat(result.provider(order[i]).configName()).as(order[i].name()).isEqualTo(want[i]);
        }
        assertThat(result.notes()).hasSize(notes);
    }

    @ParameterizedTest
    @CsvSource({"auto,", "AUTO,", "accp,ACCP", "BouncyCastle,BOUNCYCASTLE", "bc,BOUNCYCASTLE", "jdk,JDK", "' jdk ',JDK"})
    void parsesChoices(String text, CryptoProvider expected) {
        assertThat(CryptoSettings.parseChoice(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"openssl", "sun", "conscrypt"})
    void rejectsUnknownProviders(String text) {
        assertThatThrownBy(() -> CryptoSettings.parseChoice(text)).hasMessageContaining("auto, accp, bouncycastle or jdk");
    }

    @org.junit.jupiter.api.Test
    void jdkIsAlwaysUsableAndTheRegistryNeverInstallsGlobally() {
        ProviderRegistry registry = ProviderRegistry.get();
        for (AlgorithmFamily f : AlgorithmFamily.values()) {
            assertThat(registry.usable(JDK, f)).isTrue();
        }
        assertThat(java.security.Security.getProvider("AmazonCorrettoCryptoProvider")).isNull();
        assertThat(CryptoEngines.create(CryptoSettings.AUTO).describe().get(0)).startsWith("crypto providers: hmac=jdk");
    }
}
