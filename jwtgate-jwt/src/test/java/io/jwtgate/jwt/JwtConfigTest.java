package io.jwtgate.jwt;

import static io.jwtgate.jwt.support.Auth.create;
import static io.jwtgate.jwt.support.Auth.options;
import static io.jwtgate.jwt.support.Auth.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.support.Auth;
import io.jwtgate.jwt.support.Certificates;
import io.jwtgate.jwt.support.TestKeys;
import io.jwtgate.jwt.support.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Option parsing (fromMap) and build-time validation (create). */
class JwtConfigTest {

    static final String SECRET = "a-signing-secret-of-at-least-32-bytes!";

    static ConfigException configError(Map<String, Object> options) {
        try {
            create(options).close();
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a configuration error for " + options);
    }

    @Test
    void optionKeysIgnoreCaseAndDefaultsApply() throws Exception {
        JwtConfig c = JwtConfig.fromMap(options("signingsecret", SECRET, "FORWARDAUTHORIZATION", "true", "clockskew", "1m30s"));
        assertThat(c.signingSecret()).isEqualTo(SECRET);
        assertThat(c.forwardAuthorization()).isTrue();
        assertThat(c.clockSkew()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.headerName()).isEqualTo("Authorization");
        assertThat(c.clientConfig().timeoutSeconds()).isEqualTo(5);
        assertThat(c.clientConfig().maxRetries()).isEqualTo(3);
        assertThat(c.toString()).doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            signingSecrett  | signingSecrett  | did you mean 'signingSecret'
            jwks_url        | jwks_url        | did you mean 'jwksUrl'
            audience        | audience        | did you mean 'audiences'
            """)
    void unknownKeysAreNamedWithASuggestion(String key, String path, String fix) {
        assertThatThrownBy(() -> JwtConfig.fromMap(options(key, "x")))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.keyPath()).isEqualTo(path);
                    assertThat(e.fix()).contains(fix);
                });
    }

    @Test
    void wrongTypesNameTheKeyAndTheExpectedType() {
        record Case(Map<String, Object> options, String path, String expected) {}
        for (Case c : List.of(
                new Case(options("forwardAuthorization", "yes"), "forwardAuthorization", "boolean"),
                new Case(options("forwardHeaders", List.of("a")), "forwardHeaders", "map"),
                new Case(options("claims", Map.of("a", "b")), "claims", "string"),
                new Case(options("clientConfig", Map.of("timeoutSeconds", "five")), "clientConfig.timeoutSeconds", "integer"),
                new Case(options("clientConfig", Map.of("tls", Map.of("insecureSkipVerify", 3))), "clientConfig.tls.insecureSkipVerify", "boolean"),
                new Case(options("clientConfig", Map.of("tls", Map.of("cA", "x", "crt", "y"))), "clientConfig.tls.crt", "unknown"),
                new Case(options("trustedIssuers", List.of(Map.of("jwksUrl", "https://a"), "x")), "trustedIssuers[1]", "map"),
                new Case(options("trustedIssuers", List.of(Map.of("jwksurl", "https://a", "iss", "x"))), "trustedIssuers[0].iss", "unknown"))) {
            assertThatThrownBy(() -> JwtConfig.fromMap(c.options())).as(c.options().toString())
                    .isInstanceOfSatisfying(ConfigException.class, e -> {
                        assertThat(e.keyPath()).isEqualTo(c.path());
                        assertThat(e.problem()).contains(c.expected());
                    });
        }
    }

    @org.junit.jupiter.api.Test
    void aBareNumberOfSecondsIsAClockSkewAsInTraefik() throws Exception {
        assertThat(JwtConfig.fromMap(options("signingSecret", SECRET, "clockSkew", 30)).clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(JwtConfig.fromMap(options("signingSecret", SECRET, "clockSkew", "45")).clockSkew()).isEqualTo(Duration.ofSeconds(45));
    }

    @ParameterizedTest
    @CsvSource({"6m", "-1s", "1d", "soon", "301"})
    void clockSkewIsADurationOfAtMostFiveMinutes(String skew) {
        assertThatThrownBy(() -> JwtConfig.fromMap(options("signingSecret", SECRET, "clockSkew", skew)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.keyPath()).isEqualTo("clockSkew"));
    }

    @Test
    void clockSkewIsAppliedToTimeClaims() throws Exception {
        io.jwtgate.jwt.support.MutableClock clock = new io.jwtgate.jwt.support.MutableClock(java.time.Instant.ofEpochSecond(1_000_000));
        JwtAuthenticator auth = create(options("signingSecret", SECRET, "clockSkew", "30s"), clock);
        assertThat(run(auth, Tokens.hs256(SECRET, "{\"exp\":" + (1_000_000 - 29) + "}"))).isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(run(auth, Tokens.hs256(SECRET, "{\"exp\":" + (1_000_000 - 30) + "}"))).isInstanceOf(AuthOutcome.Denied.class);
        assertThat(run(auth, Tokens.hs256(SECRET, "{\"nbf\":" + (1_000_000 + 30) + ",\"iat\":" + (1_000_000 + 30) + "}")))
                .isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(run(auth, Tokens.hs256(SECRET, "{\"nbf\":" + (1_000_000 + 31) + "}"))).isInstanceOf(AuthOutcome.Denied.class);
    }

    @Test
    void keySourceCardinality() {
        assertThat(configError(options()).problem()).contains("no key source");
        ConfigException several = configError(options("publicKey", "x", "jwksFile", "y", "trustedIssuers", List.of()));
        assertThat(several.problem()).contains("publicKey, jwksFile, trustedIssuers");
    }

    @Test
    void publicKeyFormats() throws Exception {
        String payload = "{\"sub\":\"pem\"}";
        String token = Tokens.jca("SHA256withRSA", TestKeys.RSA_2048.getPrivate(), "{\"alg\":\"RS256\"}", payload);
        byte[] spki = TestKeys.RSA_2048.getPublic().getEncoded();
        byte[] pkcs1 = Arrays.copyOfRange(spki, 24, spki.length); // 2048-bit SPKI: 24-byte prefix before RSAPublicKey
        String cert = TestKeys.pem("CERTIFICATE", Certificates.selfSigned(TestKeys.RSA_2048, "SHA256withRSA").getEncoded());
        for (String pem : List.of(TestKeys.pem(TestKeys.RSA_2048.getPublic()), TestKeys.pem("RSA PUBLIC KEY", pkcs1), cert)) {
            assertThat(run(create(options("publicKey", pem)), token)).as(pem).isInstanceOf(AuthOutcome.Allowed.class);
        }
        KeyPair small = TestKeys.rsa(1024);
        assertThat(configError(options("publicKey", TestKeys.pem(small.getPublic()))).problem()).contains("1024 bits");
        assertThat(configError(options("publicKey", "not a pem")).keyPath()).isEqualTo("publicKey");
        assertThat(configError(options("publicKey", TestKeys.pem("PRIVATE KEY", new byte[] {1}))).problem()).contains("not a public key");
        KeyPair k1 = TestKeys.EC_P384;
        assertThat(create(options("publicKey", TestKeys.pem(k1.getPublic())))).isNotNull();
    }

    @Test
    void base64SecretMustDecode() {
        ConfigException e = configError(options("signingSecret", "***", "signingSecretBase64Encoded", true));
        assertThat(e.keyPath()).isEqualTo("signingSecret");
        assertThat(e.problem()).contains("base64").doesNotContain("***");
    }

    @Test
    void unpaddedBase64SecretIsAccepted() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", "c3VwZXItc2VjcmV0Cg", "signingSecretBase64Encoded", true));
        String token = Tokens.hmac("HmacSHA256", "super-secret\n".getBytes(), "{\"alg\":\"HS256\"}", "{}");
        assertThat(run(auth, token)).isInstanceOf(AuthOutcome.Allowed.class);
    }

    @Test
    void secretReferencesResolveFromEnvironmentAndFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, SECRET + "\n");
        SecretResolver resolver = new EnvFileSecretResolver(name -> name.equals("JWT_SECRET") ? SECRET : null);
        String token = Tokens.hs256(SECRET, "{}");
        for (String reference : List.of("env:JWT_SECRET", "file:" + file)) {
            JwtAuthenticator auth = JwtAuthenticator.create(JwtConfig.fromMap(options("signingSecret", reference)),
                    new JwtEnvironment(resolver, Clock.systemUTC(), Runnable::run, null, "t"));
            assertThat(run(auth, token)).as(reference).isInstanceOf(AuthOutcome.Allowed.class);
        }
        for (String reference : List.of("env:MISSING", "file:" + dir.resolve("nope"), "urn:k8s:secret:jwt:signingSecret")) {
            assertThatThrownBy(() -> JwtAuthenticator.create(JwtConfig.fromMap(options("signingSecret", reference)),
                    new JwtEnvironment(resolver, Clock.systemUTC(), Runnable::run, null, "t")))
                    .isInstanceOfSatisfying(ConfigException.class, e -> {
                        assertThat(e.keyPath()).isEqualTo("signingSecret");
                        assertThat(e.fix()).isNotEmpty();
                    });
        }
    }

    @Test
    void jwksFileIsPathOrInlineJson(@TempDir Path dir) {
        assertThat(configError(options("jwksFile", dir.resolve("missing.json").toString())).problem()).contains("does not exist");
        assertThat(configError(options("jwksFile", "{\"keys\": 3}")).problem()).contains("keys");
        assertThat(configError(options("jwksFile", "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}")).problem()).contains("no usable");
    }

    @Test
    void trustedIssuersRules() {
        assertThat(configError(options("trustedIssuers", List.of())).problem()).contains("1 to 100");
        assertThat(configError(options("trustedIssuers", List.of(Map.of("jwksUrl", "http://idp.example.com/jwks")))).problem())
                .contains("https");
        assertThat(configError(options("trustedIssuers", List.of(Map.of("jwksUrl", "https://a/jwks"), Map.of("jwksUrl", "https://b/jwks"))))
                .keyPath()).isEqualTo("trustedIssuers[1].issuer");
        assertThat(configError(options("trustedIssuers", List.of(Map.of("issuer", "x")))).keyPath()).isEqualTo("trustedIssuers[0].jwksUrl");
        assertThat(configError(options("jwksUrl", "ftp://idp/jwks")).keyPath()).isEqualTo("jwksUrl");
    }

    @Test
    void headerOptionsAreValidated() {
        assertThat(configError(options("signingSecret", SECRET, "headerName", "X Token")).keyPath()).isEqualTo("headerName");
        assertThat(configError(options("signingSecret", SECRET, "forwardHeaders", Map.of("Bad Name", "sub"))).keyPath())
                .isEqualTo("forwardHeaders.Bad Name");
        assertThat(configError(options("signingSecret", SECRET, "forwardHeaders", Map.of("Host", "sub"))).problem()).contains("routed");
        assertThat(configError(options("signingSecret", SECRET, "wwwAuthenticate", "https://a/\"x")).keyPath()).isEqualTo("wwwAuthenticate");
        assertThat(configError(options("signingSecret", SECRET, "claims", "Equals(`a`)")).keyPath()).isEqualTo("claims");
    }

    @Test
    void warnings() throws Exception {
        assertThat(create(options("signingSecret", "mysuperlongsecret")).warnings()).anyMatch(w -> w.contains("17 bytes"));
        assertThat(create(options("signingSecret", SECRET, "tokenKey", "jwt")).warnings()).anyMatch(w -> w.contains("tokenKey"));
        assertThat(create(options("signingSecret", SECRET)).warnings()).isEmpty();
        JwtAuthenticator insecure = create(options("jwksUrl", "https://idp.invalid/jwks",
                "clientConfig", Map.of("tls", Map.of("insecureSkipVerify", true), "maxRetries", 0)));
        assertThat(insecure.warnings()).anyMatch(w -> w.contains("insecureSkipVerify"));
        insecure.close();
    }

    @Test
    void tlsMaterialIsValidatedAtBuildTime() throws Exception {
        ConfigException e = configError(options("jwksUrl", "https://idp.invalid/jwks", "clientConfig", Map.of("tls", Map.of("ca", "not pem"))));
        assertThat(e.keyPath()).isEqualTo("clientConfig.tls.ca");
        ConfigException half = configError(options("jwksUrl", "https://idp.invalid/jwks", "clientConfig",
                Map.of("tls", Map.of("cert", TestKeys.pem("CERTIFICATE", Certificates.selfSigned(TestKeys.RSA_2048, "SHA256withRSA").getEncoded())))));
        assertThat(half.keyPath()).isEqualTo("clientConfig.tls.key");
    }

    @Test
    void environmentDefaultsAreUsable() {
        JwtEnvironment env = JwtEnvironment.defaults("mw");
        assertThat(env.middlewareName()).isEqualTo("mw");
        assertThat(env.keySetPolicy()).isEqualTo(io.jwtgate.jwt.config.KeySetPolicy.defaults());
        assertThat(Auth.env(Clock.systemUTC()).httpClientOrNull()).isNull();
    }
}
