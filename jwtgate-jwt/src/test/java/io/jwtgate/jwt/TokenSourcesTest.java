package io.jwtgate.jwt;

import static io.jwtgate.jwt.support.Auth.create;
import static io.jwtgate.jwt.support.Auth.options;
import static io.jwtgate.jwt.support.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.jwt.support.Auth;
import io.jwtgate.jwt.support.Requests;
import io.jwtgate.jwt.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code tokenCookie} and {@code requireAccessTokenProfile} (issue 17), as tables. */
class TokenSourcesTest {

    static final String SECRET = "a-signing-secret-of-at-least-32-bytes!";
    static final String T = Tokens.hs256(SECRET, "{}");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // case                          | Cookie field 1                 | Cookie field 2   | Authorization   | result
            "the cookie alone                | at=TOKEN                       | null             | null            | cookie",
            "among other cookies             | a=1; at=TOKEN; b=2             | null             | null            | cookie",
            "quoted value                    | at=\"TOKEN\"                   | null             | null            | cookie",
            "in the second HTTP/2 field      | a=1                            | at=TOKEN         | null            | cookie",
            "sent twice, same value          | at=TOKEN                       | at=TOKEN         | null            | cookie",
            "sent twice, other value         | at=TOKEN                       | at=other.a.b     | null            | AMBIGUOUS_COOKIE",
            "twice in one field              | at=TOKEN; at=x.y.z             | null             | null            | AMBIGUOUS_COOKIE",
            "name differs in case            | AT=TOKEN                       | null             | null            | Missing",
            "a name that only ends with it   | xat=TOKEN                      | null             | null            | Missing",
            "empty value                     | at=                            | null             | null            | Missing",
            "value with a space              | at=a b                         | null             | null            | MALFORMED_TOKEN",
            "header wins                     | at=TOKEN                       | null             | Bearer TOKEN    | header",
            "bad header, no fall-through     | at=TOKEN                       | null             | Basic eA==      | MALFORMED_TOKEN",
    })
    void theTokenCookie(String name, String field1, String field2, String authorization, String result) throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET, "tokenCookie", "at"));
        Requests r = request();
        if (field1 != null) {
            r.cookieField(field1.replace("TOKEN", T));
        }
        if (field2 != null) {
            r.cookieField(field2.replace("TOKEN", T));
        }
        if (authorization != null) {
            r.header("Authorization", authorization.replace("TOKEN", T));
        }
        String got = switch (auth.extract(r)) {
            case Extraction.Found f -> f.token().equals(T) ? f.source() : "wrong token " + f.source();
            case Extraction.Invalid i -> i.reason().name();
            case Extraction.Missing m -> "Missing";
            case Extraction.NeedsFormBody n -> "NeedsFormBody";
        };
        assertThat(got).isEqualTo(result);
    }

    @Test
    void theCookieIsOffByDefaultAndItsNameIsChecked() throws Exception {
        assertThat(create(options("signingSecret", SECRET)).extract(request().cookieField("at=" + T))).isInstanceOf(Extraction.Missing.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> create(options("signingSecret", SECRET, "tokenCookie", "a b")))
                .hasMessageContaining("tokenCookie");
        assertThat(create(options("signingSecret", SECRET, "tokenCookie", "at")).warnings()).anyMatch(w -> w.contains("CSRF"));
    }

    static final String FULL = "\"iss\":\"https://idp.example\",\"exp\":4102444800,\"aud\":\"api\",\"sub\":\"u\",\"client_id\":\"c\",\"iat\":1700000000,\"jti\":\"j1\"";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case                    | header                                         | payload                                         | result
            "complete at+jwt           | {\"alg\":\"HS256\",\"typ\":\"at+jwt\"}             | {FULL}                                           | ALLOWED",
            "media-type form, any case | {\"alg\":\"HS256\",\"typ\":\"Application/AT+JWT\"} | {FULL}                                           | ALLOWED",
            "typ JWT (an ID token)     | {\"alg\":\"HS256\",\"typ\":\"JWT\"}                | {FULL}                                           | NOT_AN_ACCESS_TOKEN",
            "no typ                    | {\"alg\":\"HS256\"}                              | {FULL}                                           | NOT_AN_ACCESS_TOKEN",
            "no client_id              | {\"alg\":\"HS256\",\"typ\":\"at+jwt\"}             | {FULL_WITHOUT_client_id}                         | NOT_AN_ACCESS_TOKEN",
            "no jti                    | {\"alg\":\"HS256\",\"typ\":\"at+jwt\"}             | {FULL_WITHOUT_jti}                               | NOT_AN_ACCESS_TOKEN",
            "no aud                    | {\"alg\":\"HS256\",\"typ\":\"at+jwt\"}             | {FULL_WITHOUT_aud}                               | NOT_AN_ACCESS_TOKEN",
            "no iat                    | {\"alg\":\"HS256\",\"typ\":\"at+jwt\"}             | {FULL_WITHOUT_iat}                               | NOT_AN_ACCESS_TOKEN",
            "no exp                    | {\"alg\":\"HS256\",\"typ\":\"at+jwt\"}             | {FULL_WITHOUT_exp}                               | NOT_AN_ACCESS_TOKEN",
            "no sub                    | {\"alg\":\"HS256\",\"typ\":\"at+jwt\"}             | {FULL_WITHOUT_sub}                               | NOT_AN_ACCESS_TOKEN",
            "no iss                    | {\"alg\":\"HS256\",\"typ\":\"at+jwt\"}             | {FULL_WITHOUT_iss}                               | NOT_AN_ACCESS_TOKEN",
    })
    void theAccessTokenProfile(String name, String header, String payload, String result) throws Exception {
        String claims = payload.contains("_WITHOUT_") ? "{" + without(payload.substring(payload.indexOf("_WITHOUT_") + 9, payload.length() - 1)) + "}"
                : payload.replace("FULL", FULL);
        String token = Tokens.hmac("HmacSHA256", SECRET.getBytes(), header, claims);
        JwtAuthenticator strict = create(options("signingSecret", SECRET, "requireAccessTokenProfile", true));
        AuthOutcome outcome = Auth.run(strict, token);
        assertThat(outcome instanceof AuthOutcome.Denied d ? d.reason().name() : "ALLOWED").isEqualTo(result);
        assertThat(Auth.run(create(options("signingSecret", SECRET)), token)).as("off by default").isInstanceOf(AuthOutcome.Allowed.class);
    }

    private static String without(String claim) {
        return java.util.Arrays.stream(FULL.split(",")).filter(m -> !m.startsWith("\"" + claim + "\"")).reduce((a, b) -> a + "," + b).orElseThrow();
    }
}
