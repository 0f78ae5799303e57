package io.jwtgate.gateway.middleware.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.RedisServer;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Lua token bucket in a real Redis, on a virtual clock (the caller's time is an argument of the
 * script): the rows of {@link TokenBucketTest}, so that the shared buckets decide exactly as the
 * in-memory ones, plus what only a shared bucket meets (a replica whose clock is behind).
 */
class TokenBucketScriptIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static RedisServer redis;

    @BeforeAll
    static void start() throws Exception {
        redis = closing.add(RedisServer.start());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "burst of 3 then refused            | 1   | 3 | 500 | 0:ok 0:ok 0:ok 0:429",
            "refill after one interval          | 1   | 1 | 500 | 0:ok 0:429 1000:ok 1000:429",
            "a token within the grace is waited | 10  | 1 | 50  | 0:ok 60:wait40 60:429",
            "a refused request takes no token   | 1   | 1 | 500 | 0:ok 600:wait400 700:429 2000:ok",
            "the bucket never holds more than burst | 100 | 2 | 5 | 0:ok 0:ok 10000:ok 10000:ok 10000:429",
            "a clock behind the last writer refills nothing | 1 | 1 | 500 | 5000:ok 4000:429 5999:wait1 6000:429",
            "one token an hour                  | 0.00027777777777778 | 2 | 500 | 0:ok 0:ok 1000:429 3600000:ok 3600000:429",
    })
    void decidesLikeTheInMemoryBucket(String desc, double rate, int burst, long graceMillis, String requests) throws Exception {
        String key = "rate:script-test:" + desc.replace(' ', '-');
        long epochMicros = 1_700_000_000_000_000L; // any wall-clock origin: only differences matter
        TokenBucket memory = new TokenBucket(rate, burst, 0);
        for (String request : requests.split(" ")) {
            String[] parts = request.split(":");
            long atMillis = Long.parseLong(parts[0]);
            List<String> reply = redis.cli("EVAL", RedisBuckets.SCRIPT, "1", key, BigDecimal.valueOf(rate / 1e6).toPlainString(),
                    Integer.toString(burst), "3600", Long.toString(epochMicros + atMillis * 1000), Long.toString(graceMillis * 1000)).lines().toList();
            assertThat(reply).as(desc + ": {wait, tokens}").hasSize(2);
            double waitMicros = Double.parseDouble(reply.get(0));
            String outcome = waitMicros > graceMillis * 1000 ? "429" : waitMicros == 0 ? "ok" : "wait" + Math.round(waitMicros / 1000);
            assertThat(outcome).as(desc + ", request at " + atMillis + " ms").isEqualTo(parts[1]);
            // The in-memory bucket, asked the same, answers the same.
            long delay = memory.reserve(atMillis * 1_000_000, graceMillis * 1_000_000);
            String inMemory = delay < 0 ? "429" : delay == 0 ? "ok" : "wait" + Math.round(delay / 1e6);
            assertThat(inMemory).as(desc + ", in memory, at " + atMillis + " ms").isEqualTo(outcome);
        }
        assertThat(redis.cli("HKEYS", key).lines().sorted().toList()).containsExactly("last", "tokens");
        assertThat(Long.parseLong(redis.cli("TTL", key))).isBetween(3500L, 3600L);
    }
}
