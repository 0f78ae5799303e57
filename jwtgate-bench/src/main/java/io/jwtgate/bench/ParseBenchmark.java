package io.jwtgate.bench;

import io.jwtgate.jwt.cache.TokenDigest;
import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.json.StrictJsonParser;
import io.jwtgate.jwt.token.Jws;
import io.jwtgate.jwt.token.JwsAlgorithm;
import io.jwtgate.jwt.token.JwsParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Parse-only costs of an RS256 access token (~600 characters): strict JWS + payload JSON, and the cache key. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParseBenchmark {

    private String token;

    @Setup
    public void setup() throws Exception {
        token = new BenchKeys(JwsAlgorithm.RS256).sign(BenchKeys.payload(1));
    }

    @Benchmark
    public Jws parseJws() throws Exception {
        return JwsParser.parse(token);
    }

    @Benchmark
    public JsonValue.JsonObject parseJwsAndPayload() throws Exception {
        return StrictJsonParser.parseObject(JwsParser.parse(token).payload());
    }

    @Benchmark
    public TokenDigest cacheKeySha256() {
        return TokenDigest.of(token);
    }
}
