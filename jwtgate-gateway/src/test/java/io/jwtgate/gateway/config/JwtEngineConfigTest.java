package io.jwtgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.gateway.config.statics.JwtEngineConfig;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import io.jwtgate.jwt.config.AlgorithmFamily;
import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.config.CryptoProvider;
import io.jwtgate.jwt.config.TokenCacheSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The static {@code jwt} section: crypto providers and the verified-token cache. */
class JwtEngineConfigTest {

    static StaticConfig parse(String yaml, List<String> warnings) throws ConfigException {
        return new StaticConfigLoader(warnings::add).parse(YamlDocuments.parse(yaml, "traefik.yml"), Path.of("."));
    }

    @Test
    void absentMeansAutoProvidersAndTheDefaultCache() throws Exception {
        StaticConfig c = parse("entryPoints: {web: {address: ':8000'}}\n", new ArrayList<>());
        assertThat(c.jwtEngine()).isEqualTo(JwtEngineConfig.DEFAULTS);
        assertThat(c.jwtEngine().tokenCache().enabled()).isTrue();
    }

    @Test
    void everyKeyIsRead() throws Exception {
        List<String> warnings = new ArrayList<>();
        StaticConfig c = parse("""
                jwt:
                  cryptoProviders:
                    default: jdk
                    ecdsa: BouncyCastle
                    rsaPss: accp
                  tokenCache:
                    maxEntries: 500
                    maxBytes: 1048576
                    maxTtl: 90s
                """, warnings);
        assertThat(warnings).isEmpty();
        assertThat(c.jwtEngine().crypto().requested(AlgorithmFamily.HMAC)).isEqualTo(CryptoProvider.JDK);
        assertThat(c.jwtEngine().crypto().requested(AlgorithmFamily.ECDSA)).isEqualTo(CryptoProvider.BOUNCYCASTLE);
        assertThat(c.jwtEngine().crypto().requested(AlgorithmFamily.RSA_PSS)).isEqualTo(CryptoProvider.ACCP);
        assertThat(c.jwtEngine().tokenCache()).isEqualTo(new TokenCacheSettings(true, 500, 1048576, Duration.ofSeconds(90)));
    }

    @Test
    void theCacheCanBeTurnedOffAndUnknownKeysWarn() throws Exception {
        List<String> warnings = new ArrayList<>();
        StaticConfig c = parse("jwt:\n  tokenCache:\n    enabled: false\n    maxEntrys: 5\n", warnings);
        assertThat(c.jwtEngine().tokenCache().enabled()).isFalse();
        assertThat(warnings).singleElement().asString().contains("maxEntrys");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jwt: {cryptoProviders: {default: openssl}}   | jwt.cryptoProviders.default | unknown crypto provider",
            "jwt: {cryptoProviders: {eddsa: sun}}         | jwt.cryptoProviders.eddsa   | unknown crypto provider",
            "jwt: {tokenCache: {maxEntries: 0}}           | jwt.tokenCache.maxEntries   | outside",
            "jwt: {tokenCache: {maxBytes: 10}}            | jwt.tokenCache.maxBytes     | below 1024",
            "jwt: {tokenCache: {maxTtl: 0s}}              | jwt.tokenCache.maxTtl       | positive"})
    void invalidValuesNameTheKey(String yaml, String keyPath, String problem) {
        assertThatThrownBy(() -> parse(yaml, new ArrayList<>()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.keyPath()).isEqualTo(keyPath);
                    assertThat(e.problem()).contains(problem);
                    assertThat(e.fix()).isNotBlank();
                });
    }
}
