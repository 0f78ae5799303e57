package io.jwtgate.bench;

import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.runtime.Runtime;
import io.jwtgate.gateway.runtime.RuntimeFactory;
import java.util.concurrent.TimeUnit;
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
 * Building a runtime at the scale of issue 18: 10,000 routers (distinct {@code Host} rules), 1,000
 * JWT middlewares each with its own {@code jwksUrl} (one local JWKS server), 1,000 services.
 * {@code parse}: the file provider's YAML and model; {@code coldBuild}: every middleware and
 * service built (a first load); {@code reload}: a build after an edit of one router, the previous
 * runtime's middlewares and services reused (what a reload does).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
public class ReloadBenchmark {

    @Param({"10000"})
    public int routers;

    @Param({"1000"})
    public int jwtMiddlewares;

    private ScaleGateway gateway;
    private String yaml;
    private DynamicConfig config;
    private DynamicConfig edited;
    private Runtime previous;
    private Runtime lastCold = Runtime.empty();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        gateway = new ScaleGateway();
        yaml = gateway.yaml(routers, jwtMiddlewares, 1000, 0);
        config = ScaleGateway.parse(yaml);
        edited = ScaleGateway.parse(gateway.yaml(routers, jwtMiddlewares, 1000, 1));
        previous = gateway.factory.build(config, Runtime.empty()).runtime();
    }

    @TearDown(Level.Iteration)
    public void closeCold() {
        RuntimeFactory.closeUnused(lastCold, Runtime.empty());
        lastCold = Runtime.empty();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        RuntimeFactory.closeUnused(previous, Runtime.empty());
        gateway.close();
    }

    @Benchmark
    public DynamicConfig parse() throws Exception {
        return ScaleGateway.parse(yaml);
    }

    @Benchmark
    public Runtime coldBuild() {
        RuntimeFactory.closeUnused(lastCold, Runtime.empty());
        lastCold = gateway.factory.build(config, Runtime.empty()).runtime();
        return lastCold;
    }

    @Benchmark
    public Runtime reload() {
        return gateway.factory.build(edited, previous).runtime();
    }

    /** One timed pass of each step, for a quick look (and a profiler): {@code java -cp benchmarks.jar io.jwtgate.bench.ReloadBenchmark}. */
    public static void main(String[] args) throws Exception {
        ReloadBenchmark b = new ReloadBenchmark();
        b.routers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        b.jwtMiddlewares = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        long t0 = System.nanoTime();
        b.setUp();
        System.out.printf("setup (parse x2 + first build): %d ms, JWKS fetches %d%n", (System.nanoTime() - t0) / 1_000_000,
                b.gateway.jwksFetches.get());
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < rounds; i++) {
            long[] wall = new long[4];
            long[] cpu = new long[4];
            wall[0] = System.nanoTime();
            cpu[0] = threads.getCurrentThreadCpuTime();
            b.parse();
            wall[1] = System.nanoTime();
            cpu[1] = threads.getCurrentThreadCpuTime();
            b.coldBuild();
            wall[2] = System.nanoTime();
            cpu[2] = threads.getCurrentThreadCpuTime();
            b.reload();
            wall[3] = System.nanoTime();
            cpu[3] = threads.getCurrentThreadCpuTime();
            System.out.printf("parse %d ms (cpu %d), cold build %d ms (cpu %d), reload build %d ms (cpu %d), JWKS fetches so far %d, threads %d%n",
                    (wall[1] - wall[0]) / 1_000_000, (cpu[1] - cpu[0]) / 1_000_000, (wall[2] - wall[1]) / 1_000_000,
                    (cpu[2] - cpu[1]) / 1_000_000, (wall[3] - wall[2]) / 1_000_000, (cpu[3] - cpu[2]) / 1_000_000,
                    b.gateway.jwksFetches.get(), threads.getThreadCount());
        }
        b.closeCold();
        b.tearDown();
        System.exit(0);
    }
}
