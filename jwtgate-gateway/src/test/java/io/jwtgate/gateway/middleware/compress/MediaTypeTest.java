package io.jwtgate.gateway.middleware.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The media type of a Content-Type as Go's mime.ParseMediaType reads it (what Traefik compares). */
class MediaTypeTest {

    @ParameterizedTest(name = "[{0}] is {1}")
    @CsvSource(delimiter = '|', value = {
        "text/html|text/html",
        "Application/Json|application/json",
        "  text/plain  |text/plain",
        "application/json; charset=utf-8|application/json",
        "application/json;            charset=utf-8|application/json",
        "text/html; charset=\"utf-8\"|text/html",
        "text/html; charset=\"a\\\"b\"|text/html",
        "text/html;|text/html",
        "text/html; |text/html",
        "text/html; a=1; A=1|text/html",
        "form-data|form-data",
        "application/vnd.api+json; ext=\"https://x/y\"|application/vnd.api+json",
    })
    void parses(String value, String type) {
        assertThat(MediaType.parse(value)).isEqualTo(type);
    }

    @ParameterizedTest(name = "[{0}]: {1}")
    @CsvSource(delimiter = '|', value = {
        "''|mime: no media type",
        "/html|mime: no media type",
        "text /html|mime: expected slash after first token",
        "text/|mime: expected token after slash",
        "text/html/x|mime: unexpected content after media subtype",
        "text/html; charset|mime: invalid media parameter",
        "text/html; charset=|mime: invalid media parameter",
        "text/html; charset=\"utf-8|mime: invalid media parameter",
        "text/html charset=utf-8|mime: unexpected content after media subtype",
        "application/json;charset=UTF-8;charset=utf-8|mime: duplicate parameter name",
    })
    void refuses(String value, String message) {
        assertThatThrownBy(() -> MediaType.parse(value)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
