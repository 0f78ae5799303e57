package io.jwtgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's url.PathUnescape and the cleaning of url.URL.JoinPath() (cases from Go's path.Clean tests, plus the trailing slash JoinPath keeps). */
class PathCodecTest {

    @ParameterizedTest(name = "clean({0}) = {1}")
    @CsvSource(delimiter = '|', value = {
            "/          | /", "/a/b       | /a/b", "/a/b/      | /a/b/", "/a//b      | /a/b", "/a/./b     | /a/b",
            "/a/../b    | /b", "/../a      | /a", "/a/b/..    | /a", "/a/b/../   | /a/", "//         | /",
            "/abc/def/../../..  | /", "a/b        | a/b", "../a       | a", "/a/.      | /a",
    })
    void cleanIsGoPathCleanKeepingATrailingSlash(String path, String expected) {
        assertThat(PathCodec.clean(path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "unescape({0}) = {1}")
    @CsvSource(delimiter = '|', value = {"/a%20b|/a b", "/a+b|/a+b", "/%2F|//", "/caf%C3%A9|/café", "/plain|/plain"})
    void unescapeDecodesUtf8Escapes(String escaped, String expected) {
        assertThat(PathCodec.unescape(escaped)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%", "/%2", "/%zz", "/a%G0"})
    void malformedEscapesAreRefused(String escaped) {
        assertThatThrownBy(() -> PathCodec.unescape(escaped)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid URL escape");
    }
}
