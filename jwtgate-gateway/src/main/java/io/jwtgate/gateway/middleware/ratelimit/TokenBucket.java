package io.jwtgate.gateway.middleware.ratelimit;

/**
 * The token bucket of Go's {@code golang.org/x/time/rate}, as Traefik's {@code rateLimit} uses it:
 * full ({@code burst} tokens) when created, refilled at {@code rate} tokens per second. A request
 * reserves a token; if the token is only available after more than {@code maxDelay}, the
 * reservation is cancelled (the token is not taken) and the caller answers 429.
 */
final class TokenBucket {

    private final double ratePerNano;
    private final int burst;
    private double tokens;
    private long last;

    /** @param rate tokens per second; infinite for no limit */
    TokenBucket(double rate, int burst, long nowNanos) {
        this.ratePerNano = rate / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /**
     * Takes a token when it is available within {@code maxDelayNanos}; returns how long the caller
     * must wait (0 when it is available now), or the (positive, larger) delay it would have had to
     * wait when it was refused, as a negative number.
     */
    synchronized long reserve(long nowNanos, long maxDelayNanos) {
        if (Double.isInfinite(ratePerNano)) {
            return 0;
        }
        if (nowNanos > last) {
            tokens = Math.min(burst, tokens + (nowNanos - last) * ratePerNano);
            last = nowNanos;
        }
        double after = tokens - 1;
        long delay = after >= 0 ? 0 : (long) Math.ceil(-after / ratePerNano);
        if (delay > maxDelayNanos) {
            return -delay;
        }
        tokens = after;
        return delay;
    }
}
