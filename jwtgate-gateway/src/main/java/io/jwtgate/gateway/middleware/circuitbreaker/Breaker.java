package io.jwtgate.gateway.middleware.circuitbreaker;

import java.util.function.LongSupplier;

/**
 * The state machine of oxy's cbreaker, for one router: <b>standby</b> (every request passes, its
 * answer is recorded), <b>tripped</b> (every request gets the fallback for {@code fallbackDuration}),
 * <b>recovering</b> (a growing share of requests passes, see {@link RecoveryRamp}, for
 * {@code recoveryDuration}), then standby again. After an answer has been recorded the expression
 * is evaluated, at most once per {@code checkPeriod} (no timer: without traffic nothing is checked);
 * when it holds, in standby or recovering, the breaker trips and its window is emptied. The
 * transitions out of tripped and recovering happen when a request arrives: recovery starts with
 * the first request after {@code fallbackDuration}, and that request is refused (the ramp starts at 0).
 * Thread-safe: requests of a router may arrive on several event loops.
 */
final class Breaker {

    enum State { STANDBY, TRIPPED, RECOVERING }

    /** Durations in nanoseconds; all positive. */
    record Timing(long checkPeriod, long fallback, long recovery) {}

    private final TripCondition condition;
    private final Timing timing;
    private final LongSupplier nanoTime;
    private final ResponseMetrics metrics;

    private State state = State.STANDBY;
    /** End of the tripped or recovering state. */
    private long until;
    /** The expression is evaluated only after this instant (oxy's lastCheck, initially the zero time). */
    private long nextCheck = Long.MIN_VALUE;
    private RecoveryRamp ramp;

    Breaker(TripCondition condition, Timing timing, LongSupplier nanoTime) {
        this.condition = condition;
        this.timing = timing;
        this.nanoTime = nanoTime;
        this.metrics = new ResponseMetrics(nanoTime, condition.usesLatency());
    }

    /** True when the request may go on; false when it gets the fallback answer. */
    synchronized boolean admit() {
        long now = nanoTime.getAsLong();
        switch (state) {
            case STANDBY -> {
                return true;
            }
            case TRIPPED -> {
                if (now < until) {
                    return false;
                }
                state = State.RECOVERING;
                until = now + timing.recovery();
                ramp = new RecoveryRamp(timing.recovery(), now);
                return recovering(now);
            }
            default -> {
                return recovering(now);
            }
        }
    }

    private boolean recovering(long now) {
        if (now > until) {
            state = State.STANDBY;
            ramp = null;
            return true;
        }
        return ramp.allow(now);
    }

    /** Records the answer of an admitted request, then evaluates the expression if its check period has passed. */
    synchronized void record(int status, long latencyNanos) {
        metrics.record(status, latencyNanos);
        long now = nanoTime.getAsLong();
        if (now <= nextCheck) {
            return;
        }
        nextCheck = now + timing.checkPeriod();
        if (state == State.TRIPPED || !condition.test(metrics)) {
            return;
        }
        state = State.TRIPPED;
        until = now + timing.fallback();
        ramp = null;
        metrics.reset();
    }

    synchronized State state() {
        return state;
    }

    /** The window (tests fill it to put the breaker in a known situation); use under this breaker's lock. */
    ResponseMetrics metrics() {
        return metrics;
    }
}
