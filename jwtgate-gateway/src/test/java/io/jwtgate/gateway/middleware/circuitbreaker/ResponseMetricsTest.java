package io.jwtgate.gateway.middleware.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The metrics window on a virtual clock: oxy's memmetrics tests (counter, histogram, RTMetrics) as data, and the window's edges. */
class ResponseMetricsTest {

    static final long SECOND = 1_000_000_000L;
    static final long MS = 1_000_000L;
    /** A whole second, as oxy's frozen test clock; the window aligns on whole seconds. */
    final AtomicLong now = new AtomicLong(1_700_000_000L * SECOND);

    /** oxy's TestRollingCounter_cleanup: 10 buckets of 1 s. */
    @Test
    void counterKeepsTenSeconds() {
        RollingCounter c = new RollingCounter(10, SECOND);
        c.inc(now.get(), 1);
        for (int i = 0; i < 9; i++) {
            now.addAndGet(SECOND);
            c.inc(now.get(), (long) Math.pow(10, i + 1));
        }
        assertThat(c.count(now.get())).isEqualTo(1_111_111_111L);
        now.addAndGet(9 * SECOND);
        assertThat(c.count(now.get())).isEqualTo(1_000_000_000L);
        now.addAndGet(SECOND);
        assertThat(c.count(now.get())).isZero();
    }

    /** oxy's TestRollingCounter_Clone_expired: 3 buckets, the oldest expired. */
    @Test
    void counterForgetsTheOldestBucket() {
        RollingCounter c = new RollingCounter(3, SECOND);
        c.inc(now.get(), 1);
        now.addAndGet(SECOND);
        c.inc(now.get(), 1);
        now.addAndGet(SECOND);
        c.inc(now.get(), 1);
        now.addAndGet(SECOND);
        assertThat(c.count(now.get())).isEqualTo(2);
    }

    /** Buckets are whole seconds of the clock: an answer at x.999 s leaves the window at x+10 s, not at x.999+10 s. */
    @ParameterizedTest(name = "answer at +{0} ms, read at +{1} ms: {2}")
    @CsvSource({"0, 9999, 1", "0, 10000, 0", "999, 9999, 1", "999, 10000, 0", "999, 10998, 0", "1000, 10999, 1", "1000, 11000, 0"})
    void windowAlignsOnWholeSeconds(long at, long readAt, long expected) {
        long t0 = now.get();
        RollingCounter c = new RollingCounter(10, SECOND);
        c.inc(t0 + at * MS, 1);
        assertThat(c.count(t0 + readAt * MS)).isEqualTo(expected);
    }

    /** oxy's TestHDRHistogram_Merge: 1 twice and 2 once; the median is 1, the maximum 2. */
    @Test
    void quantilesOverEveryHistogram() {
        LatencyHistogram h = new LatencyHistogram(1, 3_600_000, 2, SECOND, 2);
        h.record(1, now.get());
        h.record(1, now.get());
        now.addAndGet(SECOND);
        h.record(2, now.get());
        assertThat(h.valueAtQuantile(50)).isEqualTo(1);
        assertThat(h.valueAtQuantile(100)).isEqualTo(2);
    }

    /** oxy's TestHDRHistogram_rotation: two histograms of 1 s; a record after a period rotates, dropping the oldest. */
    @Test
    void histogramRotatesOnRecord() {
        LatencyHistogram h = new LatencyHistogram(1, 3_600_000, 3, SECOND, 2);
        h.record(5, now.get());
        assertThat(h.valueAtQuantile(100)).isEqualTo(5);
        now.addAndGet(SECOND);
        h.record(2, now.get());
        h.record(1, now.get());
        assertThat(h.valueAtQuantile(100)).isEqualTo(5);
        now.addAndGet(SECOND);
        h.record(1, now.get());
        assertThat(h.valueAtQuantile(100)).isEqualTo(2);
        // No record, no rotation: old latencies stay however long nothing happens (as in oxy).
        now.addAndGet(3600 * SECOND);
        assertThat(h.valueAtQuantile(100)).isEqualTo(2);
    }

    /** oxy's TestHDRHistogram_Reset: a reset starts a period, so the next record within it does not rotate. */
    @Test
    void histogramResetStartsAPeriod() {
        LatencyHistogram h = new LatencyHistogram(1, 3_600_000, 3, SECOND, 2);
        h.record(5, now.get());
        now.addAndGet(SECOND);
        h.record(2, now.get());
        h.record(1, now.get());
        assertThat(h.valueAtQuantile(100)).isEqualTo(5);
        h.reset(now.get());
        assertThat(h.valueAtQuantile(100)).isZero();
        h.record(5, now.get());
        assertThat(h.valueAtQuantile(100)).isEqualTo(5);
        now.addAndGet(SECOND);
        h.record(2, now.get());
        h.record(1, now.get());
        assertThat(h.valueAtQuantile(100)).isEqualTo(5);
    }

    /**
     * Go's hdrhistogram ranks with round(q/100 × count) (Java's HdrHistogram rounds up, so this is
     * computed here): values 1, 2, 3, 4 (µs). Large values come out as the top of their bucket of 2 digits.
     */
    @ParameterizedTest(name = "q={0}: {1}")
    @CsvSource({"0, 0", "10, 0", "12.5, 1", "25, 1", "37.4, 1", "37.5, 2", "50, 2", "62.5, 3", "87.5, 4", "100, 4", "150, 4", "-5, 0"})
    void quantilesRankAsGo(double q, long expected) {
        LatencyHistogram h = new LatencyHistogram(1, 3_600_000_000L, 2, 10 * SECOND, 6);
        for (long v = 1; v <= 4; v++) {
            h.record(v, now.get());
        }
        assertThat(h.valueAtQuantile(q)).isEqualTo(expected);
    }

    @Test
    void latencyIsMillisecondsAtTheTopOfItsBucket() {
        ResponseMetrics m = new ResponseMetrics(now::get, true);
        assertThat(m.latencyAtQuantileMs(50)).as("nothing recorded").isZero();
        m.record(200, 51 * MS);
        // 51 000 µs is in the bucket [50 944, 51 199] µs: 51 ms.
        assertThat(m.latencyAtQuantileMs(50)).isEqualTo(51);
        m.record(200, 2 * SECOND);
        assertThat(m.latencyAtQuantileMs(100)).isEqualTo(2_007);
        m.record(200, 7200 * SECOND);
        assertThat(m.latencyAtQuantileMs(100)).as("over an hour: dropped, as in oxy").isEqualTo(2_007);
        assertThat(m.totalCount()).as("but counted").isEqualTo(3);
    }

    /** oxy's TestNewRTMetrics_defaults. */
    @Test
    void countsRatiosAndReset() {
        ResponseMetrics m = new ResponseMetrics(now::get, true);
        m.record(200, SECOND);
        m.record(502, 2 * SECOND);
        m.record(200, SECOND);
        m.record(200, SECOND);
        assertThat(m.networkErrorCount()).isEqualTo(1);
        assertThat(m.totalCount()).isEqualTo(4);
        assertThat(m.statusCounts()).isEqualTo(Map.of(502, 1L, 200, 3L));
        assertThat(m.networkErrorRatio()).isEqualTo(1.0 / 4);
        assertThat(m.responseCodeRatio(500, 503, 200, 300)).isEqualTo(1.0 / 3);
        assertThat(m.latencyAtQuantileMs(100) / 1000).isEqualTo(2);

        m.reset();
        assertThat(m.networkErrorCount()).isZero();
        assertThat(m.totalCount()).isZero();
        assertThat(m.statusCounts()).isEmpty();
        assertThat(m.networkErrorRatio()).isZero();
        assertThat(m.responseCodeRatio(500, 503, 200, 300)).isZero();
        assertThat(m.latencyAtQuantileMs(100)).isZero();
    }

    /** Only 502 and 504 are network errors (oxy's RTMetrics.Record); 500, 503 and 499 are not. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"502, 1.0", "504, 1.0", "500, 0.0", "503, 0.0", "499, 0.0", "200, 0.0"})
    void networkErrorsAre502And504(int status, double ratio) {
        ResponseMetrics m = new ResponseMetrics(now::get, false);
        m.record(status, 0);
        assertThat(m.networkErrorRatio()).isEqualTo(ratio);
    }

    @Test
    void ratiosLeaveTheWindowWithTheirAnswers() {
        ResponseMetrics m = new ResponseMetrics(now::get, false);
        m.record(500, 0);
        now.addAndGet(5 * SECOND);
        m.record(200, 0);
        assertThat(m.responseCodeRatio(500, 600, 0, 600)).isEqualTo(0.5);
        now.addAndGet(5 * SECOND);
        assertThat(m.responseCodeRatio(500, 600, 0, 600)).isZero();
        assertThat(m.totalCount()).isEqualTo(1);
        now.addAndGet(5 * SECOND);
        assertThat(m.totalCount()).isZero();
        assertThat(m.responseCodeRatio(500, 600, 0, 600)).as("nothing to divide by").isZero();
    }
}
