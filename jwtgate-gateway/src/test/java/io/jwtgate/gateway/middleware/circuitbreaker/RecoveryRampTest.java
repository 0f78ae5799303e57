package io.jwtgate.gateway.middleware.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** oxy's Test_ratioController_rampUp: one request per millisecond for 10 s follows the target to within 0.05. */
class RecoveryRampTest {

    static final long MS = 1_000_000L;

    @Test
    void followsTheLinearTarget() {
        long duration = 10_000 * MS;
        RecoveryRamp ramp = new RecoveryRamp(duration, 0);
        long allowed = 0;
        long denied = 0;
        for (long t = 0; t < duration; t += MS) {
            if (ramp.allow(t)) {
                allowed++;
            } else {
                denied++;
            }
            double ratio = (double) allowed / (allowed + denied);
            assertThat(Math.abs(ramp.targetRatio(t) - ratio)).as("at %d ms", t / MS).isLessThan(0.05);
        }
        assertThat(ramp.targetRatio(duration)).isEqualTo(0.5);
    }

    @Test
    void aRequestPassesOnlyIfTheSharePassedStaysBelowTheTarget() {
        RecoveryRamp ramp = new RecoveryRamp(10_000 * MS, 0);
        assertThat(ramp.allow(0)).as("the target starts at 0").isFalse();
        long half = 5_000 * MS; // target: a quarter
        assertThat(ramp.allow(half)).as("1 of 2").isFalse();
        assertThat(ramp.allow(half)).as("1 of 3").isFalse();
        assertThat(ramp.allow(half)).as("1 of 4 is not below a quarter").isFalse();
        assertThat(ramp.allow(half)).as("1 of 5").isTrue();
        assertThat(ramp.allow(half)).as("2 of 6").isFalse();
    }
}
