package io.jwtgate.bench;

import io.jwtgate.jwt.AuthOutcome;
import io.jwtgate.jwt.JwtAuthenticator;
import io.jwtgate.jwt.JwtConfig;
import io.jwtgate.jwt.JwtEngine;
import io.jwtgate.jwt.JwtEnvironment;
import io.jwtgate.jwt.SecretResolver;
import io.jwtgate.jwt.config.CryptoSettings;
import io.jwtgate.jwt.config.TokenCacheSettings;
import io.jwtgate.jwt.token.JwsAlgorithm;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole library path of one request, single thread: strict parse, key selection, signature (auto
 * providers), time claims, a claims expression, two forwarded headers. {@code cache=off} cycles through
 * 1024 distinct tokens, each fully verified; {@code cache=on} cycles through the same tokens, all hits
 * after the first round (the repeated-token case).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class AuthenticateBenchmark {

    @Param({"HS256", "RS256", "ES256", "EdDSA"})
    public String alg;

    @Param({"off", "on"})
    public String cache;

    private JwtAuthenticator authenticator;
    private String[] tokens;
    private int next;

    @Setup
    public void setup() throws Exception {
        BenchKeys keys = new BenchKeys(JwsAlgorithm.valueOf(alg));
        Map<String, Object> options = new LinkedHashMap<>();
        if (keys.pair() == null) {
            options.put("signingSecret", Base64.getEncoder().encodeToString(BenchKeys.SECRET));
            options.put("signingSecretBase64Encoded", true);
        } else {
            options.put("publicKey", keys.publicKeyPem());
        }
        options.put("claims", "Equals(`aud`, `api`) && Contains(`grp`, `dev`)");
        options.put("forwardHeaders", Map.of("X-User", "sub", "X-Scope", "scope"));
        authenticator = JwtAuthenticator.create(JwtConfig.fromMap(options),
                new JwtEnvironment(SecretResolver.defaults(), Clock.systemUTC(), Runnable::run, null, "bench")
                        .withEngine(JwtEngine.create(CryptoSettings.AUTO, cache.equals("on") ? TokenCacheSettings.DEFAULTS : TokenCacheSettings.OFF, Clock.systemUTC())));
        tokens = new String[1024];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = keys.sign(BenchKeys.payload(i));
        }
        if (!(authenticate() instanceof AuthOutcome.Allowed)) {
            throw new IllegalStateException("benchmark token denied: " + authenticate());
        }
    }

    @TearDown
    public void tearDown() {
        authenticator.close();
    }

    @Benchmark
    public AuthOutcome authenticate() {
        String token = tokens[next];
        next = (next + 1) & (tokens.length - 1);
        return authenticator.authenticate(token, true).toCompletableFuture().join();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
