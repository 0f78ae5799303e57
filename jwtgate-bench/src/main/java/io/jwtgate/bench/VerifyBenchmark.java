package io.jwtgate.bench;

import io.jwtgate.jwt.config.AlgorithmFamily;
import io.jwtgate.jwt.config.CryptoProvider;
import io.jwtgate.jwt.config.CryptoSettings;
import io.jwtgate.jwt.crypto.CryptoEngines;
import io.jwtgate.jwt.crypto.JcaNames;
import io.jwtgate.jwt.crypto.ProviderRegistry;
import io.jwtgate.jwt.keys.VerificationKey;
import io.jwtgate.jwt.token.Jws;
import io.jwtgate.jwt.token.JwsAlgorithm;
import io.jwtgate.jwt.token.JwsParser;
import io.jwtgate.jwt.verify.SignatureVerifier;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Signature verification only (token already parsed), single thread: {@code verifier} is jwtgate's
 * {@link SignatureVerifier} (strict checks + engine reuse) with every family forced onto {@code provider};
 * {@code rawJca} is the same provider's engine called directly, the floor jwtgate can reach.
 * Combinations a provider lacks (HMAC is never routed to BouncyCastle by auto, but works) run anyway.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class VerifyBenchmark {

    @Param({"HS256", "RS256", "PS256", "ES256", "ES384", "EdDSA"})
    public String alg;

    @Param({"accp", "bouncycastle", "jdk"})
    public String provider;

    private JwsAlgorithm algorithm;
    private VerificationKey key;
    private SignatureVerifier verifier;
    private byte[] input;
    private byte[] signature;
    private Signature raw;
    private Mac rawMac;

    @Setup
    public void setup(BenchmarkParams params) throws Exception {
        algorithm = JwsAlgorithm.valueOf(alg);
        CryptoProvider p = CryptoProvider.fromConfig(provider);
        BenchKeys keys = new BenchKeys(algorithm);
        key = keys.verificationKey();
        Jws jws = JwsParser.parse(keys.sign(BenchKeys.payload(1)));
        input = jws.signingInput();
        signature = jws.signature();
        CryptoEngines engines = CryptoEngines.create(CryptoSettings.only(p));
        if (engines.selection().provider(algorithm.family()) != p) {
            throw new IllegalStateException(provider + " cannot serve " + alg + " here");
        }
        verifier = new SignatureVerifier(engines);
        Provider jca = ProviderRegistry.get().provider(p);
        String name = JcaNames.name(algorithm, p);
        if (algorithm.family() == AlgorithmFamily.HMAC) {
            rawMac = jca == null ? Mac.getInstance(name) : Mac.getInstance(name, jca);
            rawMac.init(new SecretKeySpec(BenchKeys.SECRET, name));
        } else {
            raw = jca == null ? Signature.getInstance(name) : Signature.getInstance(name, jca);
            raw.initVerify(keys.pair().getPublic());
            if (algorithm.family() == AlgorithmFamily.RSA_PSS) {
                raw.setParameter(new PSSParameterSpec(algorithm.hashName(), "MGF1", new MGF1ParameterSpec(algorithm.hashName()), algorithm.hashLength(), 1));
            }
        }
        if (!verifier.verifies(algorithm, key, input, signature) || !rawJca()) {
            throw new IllegalStateException("benchmark token does not verify");
        }
    }

    @Benchmark
    public boolean verifier() {
        return verifier.verifies(algorithm, key, input, signature);
    }

    @Benchmark
    public boolean rawJca() throws Exception {
        if (rawMac != null) {
            return MessageDigest.isEqual(rawMac.doFinal(input), signature);
        }
        raw.update(input);
        return raw.verify(signature);
    }
}
