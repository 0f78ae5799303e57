package io.jwtgate.gateway.middleware.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The waits between attempts as cenkalti/backoff v4.3.0 computes them for Traefik's retry
 * (exponential.go: NextBackOff, getRandomValueFromInterval, incrementCurrentInterval; retry.go
 * newBackOff: multiplier 2^(1/(attempts-1)), randomization 0.5, max interval 60 s, max elapsed
 * 15 min). Each row: initialInterval, attempts, the random values Go's rand.Float64 would give,
 * the elapsed time (ns) at each call, and the expected waits in nanoseconds (-1 = Stop).
 * Expected values computed with IEEE-754 doubles exactly as the Go code does (truncating casts).
 */
class BackoffTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no initialInterval: retries at once (ZeroBackOff)  | 0s    | 5 | 0.5 0.5 0.5     | 0 | 0 0 0",
            "one attempt: ZeroBackOff                            | 100ms | 1 | 0.5             | 0 | 0",
            "two attempts: multiplier 2, middle of the interval  | 100ms | 2 | 0.5 0.5 0.5     | 0 | 100000000 200000000 400000000",
            "lowest random: half the interval                    | 100ms | 2 | 0 0             | 0 | 50000000 100000000",
            "highest random: one and a half times (+1 ns range)  | 100ms | 2 | 0.999999 0.999999 | 0 | 149999900 299999800",
            "three attempts: multiplier sqrt(2)                  | 100ms | 3 | 0.5 0.5 0.5 0.5 | 0 | 100000000 141421356 199999999 282842711",
            "three attempts, lowest random                       | 100ms | 3 | 0 0 0           | 0 | 50000000 70710678 99999999",
            "five attempts: multiplier 2^(1/4), last retry < 2x  | 100ms | 5 | 0.5 0.5 0.5 0.5 | 0 | 100000000 118920711 141421355 168179281",
            "microseconds                                        | 50us  | 5 | 0.25 0.25 0.25 0.25 | 0 | 37500 44595 53032 63066",
            "interval capped at 60 s (MaxInterval)               | 40s   | 2 | 0.5 0.5 0.5     | 0 | 40000000000 60000000000 60000000000",
            "just within the 15 minutes (MaxElapsedTime)         | 100ms | 2 | 0.5             | 899900000000 | 100000000",
            "past the 15 minutes: Stop                           | 100ms | 2 | 0.5             | 899900000001 | -1",
    })
    void waitsAsCenkaltiExponentialBackOff(String desc, String initial, int attempts, String randoms, long elapsed, String expected) {
        Backoff backoff = new Backoff(duration(initial), attempts);
        String[] r = randoms.split(" ");
        String[] want = expected.split(" ");
        for (int i = 0; i < want.length; i++) {
            assertThat(backoff.next(elapsed, Double.parseDouble(r[i]))).as(desc + ", retry " + (i + 1)).isEqualTo(Long.parseLong(want[i]));
        }
    }

    @ParameterizedTest(name = "attempts {0}")
    @CsvSource({"2, 2.0", "3, 1.4142135623730951", "5, 1.189207115002721", "11, 1.0717734625362931"})
    void multiplierKeepsTheLastIntervalUnderTwiceTheInitialOne(int attempts, double multiplier) {
        Backoff backoff = new Backoff(Duration.ofMillis(100), attempts);
        assertThat(backoff.multiplier()).isEqualTo(multiplier);
        long last = 0;
        for (int retry = 1; retry < attempts; retry++) {
            last = backoff.next(0, 0.5); // the middle of the randomized range is the interval itself
        }
        assertThat(last).isLessThan(Duration.ofMillis(200).toNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
    }

    private static Duration duration(String s) {
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        if (s.endsWith("us")) {
            return Duration.ofNanos(Long.parseLong(s.substring(0, s.length() - 2)) * 1000);
        }
        return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
    }
}
