package io.jwtgate.gateway.middleware.circuitbreaker;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The window a breaker's expression reads, as oxy's {@code memmetrics.RTMetrics}: rolling counters
 * of 10 one-second buckets (answers, network errors, answers per status code) and a rolling
 * latency histogram (6 histograms of 10 s). A network error is an answer with status 502 or 504
 * (what Traefik's proxy writes for a refused connection, a reset or a timeout). Not thread-safe
 * (the breaker holds its lock).
 */
final class ResponseMetrics {

    static final int COUNTER_BUCKETS = 10;
    static final long COUNTER_RESOLUTION_NANOS = 1_000_000_000L;
    static final int HISTOGRAM_BUCKETS = 6;
    static final long HISTOGRAM_PERIOD_NANOS = 10_000_000_000L;

    private final LongSupplier nanoTime;
    private final RollingCounter total = counter();
    private final RollingCounter networkErrors = counter();
    private Map<Integer, RollingCounter> byStatus = new HashMap<>();
    /** Null when the expression reads no latency (the histograms weigh about 90 KB). */
    private final LatencyHistogram latencies;

    ResponseMetrics(LongSupplier nanoTime, boolean keepLatencies) {
        this.nanoTime = nanoTime;
        this.latencies = keepLatencies ? new LatencyHistogram(LatencyHistogram.LOWEST_MICROS, LatencyHistogram.HIGHEST_MICROS,
                LatencyHistogram.SIGNIFICANT_DIGITS, HISTOGRAM_PERIOD_NANOS, HISTOGRAM_BUCKETS) : null;
    }

    private static RollingCounter counter() {
        return new RollingCounter(COUNTER_BUCKETS, COUNTER_RESOLUTION_NANOS);
    }

    void record(int status, long latencyNanos) {
        long now = nanoTime.getAsLong();
        total.inc(now, 1);
        if (status == 502 || status == 504) {
            networkErrors.inc(now, 1);
        }
        byStatus.computeIfAbsent(status, s -> counter()).inc(now, 1);
        if (latencies != null) {
            latencies.record(latencyNanos / 1_000, now);
        }
    }

    long totalCount() {
        return total.count(nanoTime.getAsLong());
    }

    long networkErrorCount() {
        return networkErrors.count(nanoTime.getAsLong());
    }

    double networkErrorRatio() {
        long now = nanoTime.getAsLong();
        long all = total.count(now);
        return all == 0 ? 0 : (double) networkErrors.count(now) / all;
    }

    /** Answers with a code in [from, to) over answers with a code in [dividedByFrom, dividedByTo); 0 when the latter is 0. */
    double responseCodeRatio(long from, long to, long dividedByFrom, long dividedByTo) {
        long now = nanoTime.getAsLong();
        long a = 0;
        long b = 0;
        for (Map.Entry<Integer, RollingCounter> e : byStatus.entrySet()) {
            int code = e.getKey();
            if (code >= from && code < to) {
                a += e.getValue().count(now);
            }
            if (code >= dividedByFrom && code < dividedByTo) {
                b += e.getValue().count(now);
            }
        }
        return b == 0 ? 0 : (double) a / b;
    }

    /** Answers per status code in the window (codes with a count of 0 left out). */
    Map<Integer, Long> statusCounts() {
        long now = nanoTime.getAsLong();
        Map<Integer, Long> out = new HashMap<>();
        byStatus.forEach((code, c) -> {
            long n = c.count(now);
            if (n != 0) {
                out.put(code, n);
            }
        });
        return out;
    }

    /** The latency at quantile {@code q} (a percentage) in whole milliseconds, truncated; 0 without latencies. */
    long latencyAtQuantileMs(double q) {
        return latencies == null ? 0 : latencies.valueAtQuantile(q) / 1_000;
    }

    void reset() {
        total.reset();
        networkErrors.reset();
        byStatus = new HashMap<>();
        if (latencies != null) {
            latencies.reset(nanoTime.getAsLong());
        }
    }
}
