package io.jwtgate.gateway.middleware.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.middleware.circuitbreaker.Breaker.State;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The state machine on a virtual clock: oxy's cbreaker_test cycles (standby, full cycle, trigger
 * during recovery, request threshold) and the edges of each transition. A "request" is
 * {@link #request}: admitted or not, and when admitted its answer recorded.
 */
class BreakerTest {

    static final long MS = 1_000_000L;
    static final long SECOND = 1_000 * MS;
    static final Breaker.Timing DEFAULTS = new Breaker.Timing(100 * MS, 10 * SECOND, 10 * SECOND);

    final AtomicLong now = new AtomicLong(1_700_000_000L * SECOND);

    Breaker breaker(String expression, Breaker.Timing timing) throws Exception {
        return new Breaker(ExpressionParser.parse(expression), timing, now::get);
    }

    /** The status the client gets: the backend's when admitted, else 503. */
    static int request(Breaker b, int backendStatus) {
        if (!b.admit()) {
            return 503;
        }
        b.record(backendStatus, 0);
        return backendStatus;
    }

    static void fill(Breaker b, int status, int count) {
        for (int i = 0; i < count; i++) {
            b.metrics().record(status, 0);
        }
    }

    /** oxy's statsNetErrors(0.6). */
    static void netErrors(Breaker b) {
        fill(b, 504, 60);
        fill(b, 200, 40);
    }

    @Test
    void standbyPassesEverything() throws Exception {
        Breaker b = breaker("NetworkErrorRatio() > 0.5", DEFAULTS);
        for (int i = 0; i < 10; i++) {
            assertThat(request(b, 200)).isEqualTo(200);
        }
        assertThat(b.state()).isEqualTo(State.STANDBY);
    }

    /** oxy's TestCircuitBreaker_fullCycle. */
    @Test
    void fullCycle() throws Exception {
        Breaker b = breaker("NetworkErrorRatio() > 0.5", DEFAULTS);
        assertThat(request(b, 200)).isEqualTo(200);
        netErrors(b);
        now.addAndGet(100 * MS + MS);
        assertThat(request(b, 200)).as("the answer that trips it still passes").isEqualTo(200);
        assertThat(b.state()).isEqualTo(State.TRIPPED);

        now.addAndGet(9 * SECOND);
        assertThat(request(b, 200)).isEqualTo(503);
        assertThat(b.state()).isEqualTo(State.TRIPPED);

        now.addAndGet(SECOND + MS);
        assertThat(request(b, 200)).as("first request of the recovery").isEqualTo(503);
        assertThat(b.state()).isEqualTo(State.RECOVERING);

        now.addAndGet(5 * SECOND);
        int allowed = 0;
        for (int i = 0; i < 100; i++) {
            if (request(b, 200) == 200) {
                allowed++;
            }
        }
        assertThat(allowed).isBetween(1, 99);

        now.addAndGet(5 * SECOND + MS);
        assertThat(request(b, 200)).isEqualTo(200);
        assertThat(b.state()).isEqualTo(State.STANDBY);
    }

    /** oxy's TestCircuitBreaker_triggerDuringRecovery: the condition holding again while recovering trips it again. */
    @Test
    void tripsAgainDuringRecovery() throws Exception {
        Breaker b = breaker("NetworkErrorRatio() > 0.5", new Breaker.Timing(1_000, 10 * SECOND, 10 * SECOND));
        netErrors(b);
        request(b, 200);
        assertThat(b.state()).isEqualTo(State.TRIPPED);

        now.addAndGet(10 * SECOND + MS);
        assertThat(request(b, 200)).isEqualTo(503);
        assertThat(b.state()).isEqualTo(State.RECOVERING);

        now.addAndGet(5 * SECOND);
        netErrors(b);
        int allowed = 0;
        for (int i = 0; i < 100; i++) {
            if (request(b, 200) == 200) {
                allowed++;
            }
        }
        assertThat(allowed).isPositive();
        assertThat(b.state()).isEqualTo(State.TRIPPED);
    }

    /** oxy's TestCircuitBreaker_requestThreshold: a backend answering 504, tripped only once 20 answers are in the window. */
    @Test
    void requestThreshold() throws Exception {
        Breaker b = breaker("NetworkErrorRatio() > 0.5 && RequestThreshold() >= 20", DEFAULTS);
        fill(b, 504, 18);
        now.addAndGet(100 * MS + MS);
        assertThat(request(b, 504)).isEqualTo(504);
        assertThat(b.state()).as("19 answers").isEqualTo(State.STANDBY);

        now.addAndGet(100 * MS + MS);
        assertThat(request(b, 504)).isEqualTo(504);
        assertThat(b.state()).as("20 answers").isEqualTo(State.TRIPPED);
        assertThat(request(b, 504)).isEqualTo(503);
    }

    @Test
    void theConditionIsCheckedAtMostOncePerCheckPeriod() throws Exception {
        Breaker b = breaker("ResponseCodeRatio(500, 600, 0, 600) > 0.5", new Breaker.Timing(SECOND, 10 * SECOND, 10 * SECOND));
        assertThat(request(b, 200)).as("checked at once (never checked before)").isEqualTo(200);
        request(b, 500);
        request(b, 500);
        assertThat(b.state()).as("2 of 3 failed, but within the check period").isEqualTo(State.STANDBY);
        now.addAndGet(SECOND);
        request(b, 500);
        assertThat(b.state()).as("at the end of the period: not after it yet").isEqualTo(State.STANDBY);
        now.addAndGet(1);
        request(b, 500);
        assertThat(b.state()).isEqualTo(State.TRIPPED);
    }

    @Test
    void noTrafficNoCheck() throws Exception {
        Breaker b = breaker("RequestThreshold() < 1", DEFAULTS);
        now.addAndGet(60 * SECOND);
        assertThat(b.state()).as("evaluated only after an answer").isEqualTo(State.STANDBY);
        request(b, 200);
        assertThat(b.state()).as("1 answer in the window").isEqualTo(State.STANDBY);
    }

    @Test
    void trippingEmptiesTheWindow() throws Exception {
        Breaker b = breaker("ResponseCodeRatio(500, 600, 0, 600) > 0.5", DEFAULTS);
        request(b, 500);
        assertThat(b.state()).isEqualTo(State.TRIPPED);
        assertThat(b.metrics().totalCount()).isZero();
    }

    @Test
    void fallbackEndsExactlyAtItsDuration() throws Exception {
        Breaker b = breaker("ResponseCodeRatio(500, 600, 0, 600) > 0.5", new Breaker.Timing(100 * MS, 10 * SECOND, 4 * SECOND));
        request(b, 500);
        now.addAndGet(10 * SECOND - 1);
        assertThat(request(b, 200)).isEqualTo(503);
        assertThat(b.state()).isEqualTo(State.TRIPPED);
        now.addAndGet(1);
        assertThat(request(b, 200)).as("recovery starts, its first request is refused").isEqualTo(503);
        assertThat(b.state()).isEqualTo(State.RECOVERING);
        now.addAndGet(4 * SECOND);
        request(b, 200);
        assertThat(b.state()).as("at the end of the recovery: not after it yet").isEqualTo(State.RECOVERING);
        now.addAndGet(1);
        assertThat(request(b, 200)).isEqualTo(200);
        assertThat(b.state()).isEqualTo(State.STANDBY);
    }

    /** oxy moves to recovering on the first request after the fallback: with no traffic, the recovery has not started. */
    @Test
    void recoveryStartsWithTheFirstRequestAfterTheFallback() throws Exception {
        Breaker b = breaker("ResponseCodeRatio(500, 600, 0, 600) > 0.5", DEFAULTS);
        request(b, 500);
        now.addAndGet(60 * SECOND);
        assertThat(b.state()).isEqualTo(State.TRIPPED);
        assertThat(request(b, 200)).isEqualTo(503);
        assertThat(b.state()).isEqualTo(State.RECOVERING);
        now.addAndGet(10 * SECOND + 1);
        assertThat(request(b, 200)).isEqualTo(200);
        assertThat(b.state()).isEqualTo(State.STANDBY);
    }

    @Test
    void latencyTrips() throws Exception {
        Breaker b = breaker("LatencyAtQuantileMS(50.0) > 100", DEFAULTS);
        b.admit();
        b.record(200, 50 * MS);
        assertThat(b.state()).isEqualTo(State.STANDBY);
        now.addAndGet(SECOND);
        b.admit();
        b.record(200, 150 * MS);
        b.admit();
        now.addAndGet(SECOND);
        b.record(200, 150 * MS);
        assertThat(b.state()).as("median of 50, 150, 150 ms").isEqualTo(State.TRIPPED);
    }
}
