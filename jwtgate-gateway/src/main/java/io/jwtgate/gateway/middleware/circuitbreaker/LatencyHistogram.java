package io.jwtgate.gateway.middleware.circuitbreaker;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.IntCountsHistogram;

/**
 * oxy's rolling latency histogram: {@code buckets} HDR histograms (the breaker uses 6) of
 * microseconds (1 µs to 1 h, 2 significant digits), the current one replaced by the oldest, emptied,
 * when a latency is recorded {@code period} (10 s) or more after the last rotation. Quantiles are
 * read over all of them. Rotation happens only on a record, so with no traffic old latencies stay,
 * as in oxy. Not thread-safe (the breaker holds its lock).
 */
final class LatencyHistogram {

    static final long LOWEST_MICROS = 1;
    static final long HIGHEST_MICROS = 3_600_000_000L;
    static final int SIGNIFICANT_DIGITS = 2;

    private final long periodNanos;
    private final AbstractHistogram[] buckets;
    private final AbstractHistogram merged;
    private int current;
    private long lastRoll;
    private boolean rolled;

    LatencyHistogram(long lowest, long highest, int digits, long periodNanos, int buckets) {
        this.periodNanos = periodNanos;
        this.buckets = new AbstractHistogram[buckets];
        for (int i = 0; i < buckets; i++) {
            this.buckets[i] = new IntCountsHistogram(lowest, highest, digits);
        }
        this.merged = new IntCountsHistogram(lowest, highest, digits);
    }

    /** Records a value (microseconds for the breaker); values beyond the range are dropped, as in oxy. */
    void record(long value, long nowNanos) {
        if (!rolled || nowNanos - lastRoll >= periodNanos) {
            current = (current + 1) % buckets.length;
            buckets[current].reset();
            lastRoll = nowNanos;
            rolled = true;
        }
        try {
            buckets[current].recordValue(value);
        } catch (ArrayIndexOutOfBoundsException e) {
            // Beyond the counts array (over an hour): dropped, as oxy ignores the error of hdrhistogram-go.
        }
    }

    /**
     * The value at quantile {@code q} (a percentage), as Go's hdrhistogram computes it: the
     * {@code round(q/100 * count)}-th value, as the highest value equivalent to it; 0 when nothing
     * is recorded or that rank is 0 (so always 0 for q = 0).
     */
    long valueAtQuantile(double q) {
        merged.reset();
        for (AbstractHistogram b : buckets) {
            merged.add(b);
        }
        double percentile = Math.min(q, 100);
        long rank = (long) (percentile / 100 * merged.getTotalCount() + 0.5);
        if (rank <= 0) {
            return 0;
        }
        long seen = 0;
        for (HistogramIterationValue v : merged.recordedValues()) {
            seen += v.getCountAtValueIteratedTo();
            if (seen >= rank) {
                return merged.highestEquivalentValue(v.getValueIteratedTo());
            }
        }
        return 0;
    }

    void reset(long nowNanos) {
        current = 0;
        lastRoll = nowNanos;
        rolled = true;
        for (AbstractHistogram b : buckets) {
            b.reset();
        }
    }
}
