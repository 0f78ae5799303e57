package io.jwtgate.gateway.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's ReplaceAllString template semantics on Java's engine (expected values from Go's regexp documentation and behaviour). */
class GoRegexTest {

    @ParameterizedTest(name = "{0} on {1} with {2}")
    @CsvSource(delimiter = '|', value = {
            "a(x*)b        | -ab-axxb-   | T          | -T-T-",
            "a(x*)b        | -ab-axxb-   | $1         | --xx-",
            "a(x*)b        | -ab-axxb-   | $1W        | ---",
            "a(x*)b        | -ab-axxb-   | ${1}W      | -W-xxW-",
            "a(?P<n>x*)b   | -ab-axxb-   | ${n}W      | -W-xxW-",
            "a(?P<n>x*)b   | -ab-axxb-   | $n         | --xx-",
            "a(x*)b        | -ab-axxb-   | $$1        | -$1-$1-",
            "a(x*)b        | -ab-axxb-   | $9         | ---",
            "a(x*)b        | -ab-axxb-   | ${         | -${-${-",
            "a*            | baaac       | X          | XbXcX",
            "^/api/(.*)    | /api/users  | /v2/$1     | /v2/users",
            "^(https?)://([^/:]+)(:\\d+)?(.*)$ | http://foo.com:80/x | https://${2}${4} | https://foo.com/x",
    })
    void replaceAllExpandsLikeGo(String regex, String input, String template, String expected) {
        assertThat(GoRegex.of(regex).replaceAll(input, template)).isEqualTo(expected);
    }
}
