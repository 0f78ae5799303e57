package io.jwtgate.bench;

import io.jwtgate.gateway.pem.PemClientKeys;
import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A TLS client's certificate set-up (a servers transport's client certificate, forward-auth's, Redis'), as Vert.x
 * asks for it on its client's first TLS connection: {@code jwtgate} through {@link PemClientKeys}, {@code vertxPemOptions}
 * through Vert.x's PEM options, as the gateway did before (an in-memory PKCS#12 store and its PBKDF2).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow"})
public class ClientKeysBenchmark {

    private Vertx vertx;
    private TlsCertificates.PemPair pair;

    @Setup(Level.Trial)
    public void setUp() {
        vertx = Vertx.vertx();
        pair = SelfSignedCertificate.generate("client", "client.example.com");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        vertx.close();
    }

    @Benchmark
    public KeyManagerFactory jwtgate() throws Exception {
        return PemClientKeys.of(pair.certificatePem(), pair.keyPem()).getKeyManagerFactory(vertx);
    }

    @Benchmark
    public KeyManagerFactory vertxPemOptions() throws Exception {
        return new PemKeyCertOptions().addCertValue(Buffer.buffer(pair.certificatePem())).addKeyValue(Buffer.buffer(pair.keyPem()))
                .getKeyManagerFactory(vertx);
    }
}
