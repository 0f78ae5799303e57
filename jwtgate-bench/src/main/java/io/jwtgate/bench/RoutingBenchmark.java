package io.jwtgate.bench;

import io.jwtgate.gateway.http.RuleRequest;
import io.jwtgate.gateway.runtime.RouteIndex;
import io.jwtgate.gateway.runtime.RouterRuntime;
import io.jwtgate.gateway.runtime.Runtime;
import io.jwtgate.gateway.runtime.RuntimeFactory;
import java.net.InetAddress;
import java.util.List;
import java.util.Random;
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
 * Finding a request's router among {@code routers} routers with distinct {@code Host} rules (one per
 * tenant, built by the real runtime factory), requests cycling over 1,024 tenants. {@code index}: the
 * host index the gateway uses; {@code walk}: every router's rule in match order, as before it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
public class RoutingBenchmark {

    @Param({"10", "10000"})
    public int routers;

    @Param({"index", "walk"})
    public String mode;

    private ScaleGateway gateway;
    private Runtime runtime;
    private RouteIndex index;
    private List<RouterRuntime> ordered;
    private final Request[] requests = new Request[1024];
    private int next;

    @Setup
    public void setUp() throws Exception {
        gateway = new ScaleGateway();
        runtime = gateway.factory.build(ScaleGateway.parse(gateway.yaml(routers, 0, 1, 0)), Runtime.empty()).runtime();
        index = runtime.routes("web").index(false);
        ordered = index.routers();
        Random random = new Random(18);
        for (int i = 0; i < requests.length; i++) {
            requests[i] = new Request("tenant" + random.nextInt(routers) + ".example.com", "/api/orders");
        }
    }

    @TearDown
    public void tearDown() {
        RuntimeFactory.closeUnused(runtime, Runtime.empty());
        gateway.close();
    }

    @Benchmark
    public RouterRuntime match() {
        Request request = requests[next++ & (requests.length - 1)];
        if (mode.equals("index")) {
            return index.match(request);
        }
        for (RouterRuntime r : ordered) {
            if (r.matcher().test(request)) {
                return r;
            }
        }
        return null;
    }

    private record Request(String authority, String path) implements RuleRequest {
        private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

        @Override
        public String host() {
            return authority;
        }

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public List<String> headers(String name) {
            return List.of();
        }

        @Override
        public List<String> queryParams(String name) {
            return List.of();
        }

        @Override
        public InetAddress clientAddress() {
            return CLIENT;
        }
    }
}
