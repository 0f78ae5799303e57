package io.jwtgate.gateway.middleware.forwardauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.http.GoUrl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Location of an auth server's refusal: kept as written, or resolved against the auth server's address as Go resolves it. */
class LocationHeaderTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/index.html | true  | /index.html",
        "/index.html | false | http://auth:9000/index.html",
        "''          | false | ",
    })
    void locationIsPreservedOrResolved(String location, boolean preserve, String expected) {
        LocationHeader.Outcome outcome = LocationHeader.of(location, GoUrl.parse("http://auth:9000/verify"), preserve);
        if (expected == null) {
            assertThat(outcome).isInstanceOf(LocationHeader.Outcome.Absent.class);
        } else {
            assertThat(outcome).isEqualTo(new LocationHeader.Outcome.Value(expected));
        }
    }
}
