package io.jwtgate.jwt.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one set of text-to-scalar rules every configuration reader uses. */
class ScalarsTest {

    @ParameterizedTest(name = "bool(''{0}'') = {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "true|true", "false|false", "TRUE|true", "False|false", "' true '|true",
            "yes|null", "1|null", "''|null", "truee|null", "t|null",
    })
    void booleans(String text, Boolean expected) {
        assertThat(Scalars.bool(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "integer(''{0}'') = {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "0|0", "42|42", "-5|-5", "+7|7", "' 30 '|30", "9223372036854775807|9223372036854775807",
            "9223372036854775808|null", "1.5|null", "1e3|null", "0x10|null", "''|null", "30s|null", "1_000|null",
    })
    void integers(String text, Long expected) {
        assertThat(Scalars.integer(text)).isEqualTo(expected);
    }
}
