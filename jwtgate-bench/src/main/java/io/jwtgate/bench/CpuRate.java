package io.jwtgate.bench;

import io.jwtgate.jwt.JwtAuthenticator;
import io.jwtgate.jwt.JwtConfig;
import io.jwtgate.jwt.JwtEngine;
import io.jwtgate.jwt.JwtEnvironment;
import io.jwtgate.jwt.SecretResolver;
import io.jwtgate.jwt.config.CryptoProvider;
import io.jwtgate.jwt.config.CryptoSettings;
import io.jwtgate.jwt.config.TokenCacheSettings;
import io.jwtgate.jwt.crypto.CryptoEngines;
import io.jwtgate.jwt.keys.VerificationKey;
import io.jwtgate.jwt.token.Jws;
import io.jwtgate.jwt.token.JwsAlgorithm;
import io.jwtgate.jwt.token.JwsParser;
import io.jwtgate.jwt.verify.SignatureVerifier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Operations per CPU-second of the measuring thread, like {@code openssl speed} (which also divides by
 * CPU time): the portable figure on a shared machine, where JMH's wall-clock throughput drops whenever
 * another process takes the core. Run: {@code java -cp benchmarks.jar io.jwtgate.bench.CpuRate [rounds]}.
 * Prints, per case, the median of the rounds and the min..max spread.
 */
public final class CpuRate {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String only = args.length > 1 ? args[1] : "";
        System.out.printf("%-34s %12s %24s%n", "case", "ops/cpu-s", "spread (min..max)");
        for (String alg : List.of("HS256", "RS256", "PS256", "ES256", "ES384", "EdDSA")) {
            for (CryptoProvider p : CryptoProvider.values()) {
                String name = "verify " + alg + " " + p.configName();
                if (name.contains(only)) {
                    run(name, verify(JwsAlgorithm.valueOf(alg), p), rounds);
                }
            }
        }
        for (String alg : List.of("HS256", "RS256", "ES256", "EdDSA")) {
            String core = "parse+verify+time " + alg;
            if (core.contains(only)) {
                run(core, parseVerifyTime(JwsAlgorithm.valueOf(alg)), rounds);
            }
        }
        for (String alg : List.of("HS256", "RS256", "ES256", "EdDSA")) {
            for (boolean cache : new boolean[] {false, true}) {
                String name = "authenticate " + alg + " cache=" + (cache ? "on" : "off");
                if (name.contains(only)) {
                    run(name, authenticate(JwsAlgorithm.valueOf(alg), cache), rounds);
                }
            }
        }
    }

    static BooleanSupplier verify(JwsAlgorithm alg, CryptoProvider provider) throws Exception {
        BenchKeys keys = new BenchKeys(alg);
        VerificationKey key = keys.verificationKey();
        Jws jws = JwsParser.parse(keys.sign(BenchKeys.payload(1)));
        SignatureVerifier verifier = new SignatureVerifier(CryptoEngines.create(CryptoSettings.only(provider)));
        byte[] input = jws.signingInput();
        byte[] signature = jws.signature();
        return () -> verifier.verifies(alg, key, input, signature);
    }

    /** The engine target of the issue: strict parse (header and payload), signature, time claims; no middleware around it. */
    static BooleanSupplier parseVerifyTime(JwsAlgorithm alg) throws Exception {
        BenchKeys keys = new BenchKeys(alg);
        VerificationKey key = keys.verificationKey();
        SignatureVerifier verifier = SignatureVerifier.defaults();
        String[] tokens = new String[1024];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = keys.sign(BenchKeys.payload(i));
        }
        int[] next = {0};
        return () -> {
            try {
                String t = tokens[next[0]];
                next[0] = (next[0] + 1) & 1023;
                Jws jws = JwsParser.parse(t);
                io.jwtgate.jwt.json.JsonValue.JsonObject payload = io.jwtgate.jwt.json.StrictJsonParser.parseObject(jws.payload());
                boolean ok = verifier.verifies(jws.algorithm(), key, jws.signingInput(), jws.signature());
                io.jwtgate.jwt.claims.TimeClaims.check(payload, System.currentTimeMillis(), java.time.Duration.ZERO);
                return ok;
            } catch (Exception e) {
                return false;
            }
        };
    }

    static BooleanSupplier authenticate(JwsAlgorithm alg, boolean cache) throws Exception {
        BenchKeys keys = new BenchKeys(alg);
        Map<String, Object> options = new LinkedHashMap<>();
        if (keys.pair() == null) {
            options.put("signingSecret", Base64.getEncoder().encodeToString(BenchKeys.SECRET));
            options.put("signingSecretBase64Encoded", true);
        } else {
            options.put("publicKey", keys.publicKeyPem());
        }
        options.put("forwardHeaders", Map.of("X-User", "sub"));
        JwtAuthenticator auth = JwtAuthenticator.create(JwtConfig.fromMap(options),
                new JwtEnvironment(SecretResolver.defaults(), Clock.systemUTC(), Runnable::run, null, "bench")
                        .withEngine(JwtEngine.create(CryptoSettings.AUTO, cache ? TokenCacheSettings.DEFAULTS : TokenCacheSettings.OFF, Clock.systemUTC())));
        String[] tokens = new String[1024];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = keys.sign(BenchKeys.payload(i));
        }
        int[] next = {0};
        return () -> {
            String t = tokens[next[0]];
            next[0] = (next[0] + 1) & 1023;
            return auth.authenticate(t, true).toCompletableFuture().join() instanceof io.jwtgate.jwt.AuthOutcome.Allowed;
        };
    }

    static void run(String name, BooleanSupplier op, int rounds) {
        if (!op.getAsBoolean()) {
            throw new IllegalStateException(name + ": does not verify");
        }
        measure(op, 1_500_000_000L); // warm-up: 1.5 CPU-seconds
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            rates.add(measure(op, 1_000_000_000L));
        }
        Collections.sort(rates);
        System.out.printf("%-34s %12.0f %11.0f..%-11.0f%n", name, rates.get(rates.size() / 2), rates.get(0), rates.get(rates.size() - 1));
    }

    /** Runs until the thread has used {@code cpuNanos} of CPU; ops per CPU-second. */
    static double measure(BooleanSupplier op, long cpuNanos) {
        long start = THREADS.getCurrentThreadCpuTime();
        long ops = 0;
        boolean sink = true;
        long used;
        do {
            for (int i = 0; i < 256; i++) {
                sink &= op.getAsBoolean();
            }
            ops += 256;
            used = THREADS.getCurrentThreadCpuTime() - start;
        } while (used < cpuNanos);
        if (!sink) {
            throw new IllegalStateException("an operation failed");
        }
        return ops * 1e9 / used;
    }
}
