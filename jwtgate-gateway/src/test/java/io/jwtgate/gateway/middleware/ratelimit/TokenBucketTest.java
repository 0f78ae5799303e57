package io.jwtgate.gateway.middleware.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bucket on a virtual clock, as golang.org/x/time/rate reserves: each row is a rate (tokens/s),
 * a burst, a grace (ms), and requests at given times (ms) with the expected outcome: {@code ok},
 * {@code wait<ms>} or {@code 429}.
 */
class TokenBucketTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "burst of 3 then refused            | 1   | 3 | 500 | 0:ok 0:ok 0:ok 0:429",
            "refill after one interval          | 1   | 1 | 500 | 0:ok 0:429 1000:ok 1000:429",
            "a token within the grace is waited | 10  | 1 | 50  | 0:ok 60:wait40 60:429",
            "a refused request takes no token   | 1   | 1 | 500 | 0:ok 600:wait400 700:429 2000:ok",
            "the bucket never holds more than burst | 100 | 2 | 5 | 0:ok 0:ok 10000:ok 10000:ok 10000:429",
            "no limit                           | Infinity | 1 | 0 | 0:ok 0:ok 0:ok 0:ok",
    })
    void reservesLikeGosRateLimiter(String desc, double rate, int burst, long graceMillis, String requests) {
        TokenBucket bucket = new TokenBucket(rate, burst, 0);
        for (String request : requests.split(" ")) {
            String[] parts = request.split(":");
            long at = Long.parseLong(parts[0]) * 1_000_000;
            long delay = bucket.reserve(at, graceMillis * 1_000_000);
            String outcome = delay < 0 ? "429" : delay == 0 ? "ok" : "wait" + Math.round(delay / 1e6);
            assertThat(outcome).as(desc + ", request at " + parts[0] + " ms").isEqualTo(parts[1]);
        }
    }
}
