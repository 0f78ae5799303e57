package io.jwtgate.gateway.middleware.retry;

import java.time.Duration;

/**
 * The waits between attempts, as Traefik computes them with {@code cenkalti/backoff} v4's
 * {@code ExponentialBackOff}: the first retry waits about {@code initialInterval}, each next one
 * the previous interval times {@code 2^(1/(attempts-1))} (so the interval stays under twice the
 * initial one), each wait randomized by ±50% ({@code RandomizationFactor} 0.5), intervals capped
 * at 60 s ({@code MaxInterval}), and no wait once 15 minutes ({@code MaxElapsedTime}) would be
 * exceeded. With no {@code initialInterval} (or one attempt) retries follow at once
 * ({@code ZeroBackOff}). One instance per request; not thread-safe.
 */
final class Backoff {

    /** What {@link #next} returns when the back-off gives up (cenkalti's {@code Stop}). */
    static final long STOP = -1;
    static final double RANDOMIZATION_FACTOR = 0.5;
    static final long MAX_INTERVAL_NANOS = Duration.ofSeconds(60).toNanos();
    static final long MAX_ELAPSED_NANOS = Duration.ofMinutes(15).toNanos();

    private final boolean zero;
    private final double multiplier;
    private long currentInterval;

    Backoff(Duration initialInterval, int attempts) {
        this.zero = attempts < 2 || initialInterval.isZero() || initialInterval.isNegative();
        this.multiplier = zero ? 1 : Math.pow(2, 1 / (double) (attempts - 1));
        this.currentInterval = zero ? 0 : initialInterval.toNanos();
    }

    double multiplier() {
        return multiplier;
    }

    /**
     * The wait before the next attempt, in nanoseconds, or {@link #STOP}.
     *
     * @param elapsedNanos time since the first attempt started
     * @param random       a uniform value in [0, 1) (Go's {@code rand.Float64()})
     */
    long next(long elapsedNanos, double random) {
        if (zero) {
            return 0;
        }
        long next = randomized(currentInterval, random);
        increment();
        return elapsedNanos + next > MAX_ELAPSED_NANOS ? STOP : next;
    }

    /** {@code getRandomValueFromInterval}: uniform in [interval - delta, interval + delta], delta = 0.5 × interval. */
    static long randomized(long interval, double random) {
        double delta = RANDOMIZATION_FACTOR * (double) interval;
        double min = (double) interval - delta;
        double max = (double) interval + delta;
        return (long) (min + random * (max - min + 1));
    }

    private void increment() {
        if ((double) currentInterval >= (double) MAX_INTERVAL_NANOS / multiplier) {
            currentInterval = MAX_INTERVAL_NANOS;
        } else {
            currentInterval = (long) ((double) currentInterval * multiplier);
        }
    }
}
