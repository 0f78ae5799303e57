package io.jwtgate.bench;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.runtime.tls.SniOptions;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.jwtgate.gateway.server.tls.TlsServerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * What a TLS entry point's certificates cost each time they are set up (start, reload, an ACME certificate obtained):
 * {@code jwtgate} asks the entry point's key/certificate options for the shared factory and the SNI mapper, as Vert.x
 * does; {@code vertxPemOptions} does the same through Vert.x's PEM options, as the gateway did before (a mapper for the
 * configured certificates and a factory for the default one, each asked for twice), whose in-memory PKCS#12 store
 * runs PBKDF2 with 10,000 iterations per key protection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow"})
public class TlsCertificatesBenchmark {

    @Param({"100"})
    public int certificates;

    private Vertx vertx;
    private TlsCertificates tls;

    @Setup(Level.Trial)
    public void setUp() {
        vertx = Vertx.vertx();
        List<TlsCertificates.PemPair> pairs = new ArrayList<>();
        for (int i = 0; i < certificates; i++) {
            pairs.add(SelfSignedCertificate.generate("tenant-" + i, "tenant-" + i + ".example.com"));
        }
        tls = new TlsCertificates(SelfSignedCertificate.generate(), pairs);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        vertx.close();
    }

    @Benchmark
    public KeyManagerFactory jwtgate() throws Exception {
        KeyCertOptions options = TlsServerOptions.update(tls, SniOptions.refuseAll("benchmark")).getKeyCertOptions();
        KeyManagerFactory shared = options.getKeyManagerFactory(vertx);
        Function<String, KeyManagerFactory> byName = options.keyManagerFactoryMapper(vertx);
        byName.apply("tenant-0.example.com");
        return shared;
    }

    @Benchmark
    public KeyManagerFactory vertxPemOptions() throws Exception {
        KeyManagerFactory shared = null;
        for (int asked = 0; asked < 2; asked++) {
            shared = pem(List.of(tls.defaultCertificate())).getKeyManagerFactory(vertx);
            pem(tls.certificates()).keyManagerFactoryMapper(vertx).apply("tenant-0.example.com");
        }
        return shared;
    }

    private static PemKeyCertOptions pem(List<TlsCertificates.PemPair> pairs) {
        PemKeyCertOptions pem = new PemKeyCertOptions();
        for (TlsCertificates.PemPair pair : pairs) {
            pem.addCertValue(Buffer.buffer(pair.certificatePem())).addKeyValue(Buffer.buffer(pair.keyPem()));
        }
        return pem;
    }
}
