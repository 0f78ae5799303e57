package io.jwtgate.jwt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration parser: Go's time.ParseDuration syntax, plus Traefik's bare integer = seconds. */
class GoDurationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "0, 0",
            "30, 30000000000",
            "-5, -5000000000",
            "30s, 30000000000",
            "1m30s, 90000000000",
            "1.5h, 5400000000000",
            "250ms, 250000000",
            "10us, 10000",
            "10µs, 10000",
            "7ns, 7",
            ".5s, 500000000",
            "1.s, 1000000000",
            "+2m, 120000000000",
            "'  45s  ', 45000000000",
    })
    void parsesGoSyntaxAndBareSeconds(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "s", "1.5", "30x", "1m30", "1 m", "m1", "--1s", "1e3s", "0x10"})
    void refusesWhatGoRefuses(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duration");
    }

    /** Outputs of Go's time.Duration.String() (from Go's own format tests). */
    @ParameterizedTest(name = "{0}ns = {1}")
    @CsvSource({
            "0, 0s", "1, 1ns", "1100, 1.1µs", "2200000, 2.2ms", "3300000000, 3.3s", "499999000, 499.999ms",
            "60000000000, 1m0s", "90000000000, 1m30s", "4000000000000, 1h6m40s", "7200000000000, 2h0m0s",
            "-1000000000, -1s", "1000000001, 1.000000001s", "86400000000000, 24h0m0s",
    })
    void formatsLikeGo(long nanos, String expected) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(expected);
    }
}
