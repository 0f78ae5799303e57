package io.jwtgate.jwt;

import static io.jwtgate.jwt.support.Auth.create;
import static io.jwtgate.jwt.support.Auth.options;
import static io.jwtgate.jwt.support.Auth.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.jwt.support.Tokens;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code audiences} extension, canonical resource comparison, and the challenge builder's escaping guarantee. */
class AudiencesAndChallengesTest {

    static final String SECRET = "a-signing-secret-of-at-least-32-bytes!";

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            https://api.example.com/mcp        | https://api.example.com/mcp       | true
            https://API.Example.COM/mcp        | https://api.example.com/mcp       | true
            HTTPS://api.example.com:443/mcp/   | https://api.example.com/mcp       | true
            http://api.example.com:80          | http://api.example.com/           | true
            https://api.example.com            | https://api.example.com/          | true
            https://api.example.com:8443/mcp   | https://api.example.com/mcp       | false
            https://api.example.com/MCP        | https://api.example.com/mcp       | false
            http://api.example.com/mcp         | https://api.example.com/mcp       | false
            https://api.example.com/mcp#x      | https://api.example.com/mcp       | false
            https://api.example.com/mcp-server | https://api.example.com/mcp       | false
            api://orders                       | api://orders                      | true
            api://Orders                       | api://orders                      | false
            orders-api                         | orders-api                        | true
            orders-api                         | Orders-api                        | false
            """)
    void resourcesCompareCanonically(String a, String b, boolean same) {
        assertThat(ResourceUri.same(a, b)).isEqualTo(same);
        assertThat(ResourceUri.same(b, a)).isEqualTo(same);
    }

    @ParameterizedTest(name = "aud {0}")
    @CsvSource(delimiter = '|', textBlock = """
            '"https://api.example.com/mcp"'                      | true
            '["other", "https://API.example.com:443/mcp/"]'       | true
            '["other"]'                                          | false
            '"https://api.example.com/mcp-other"'                | false
            '[]'                                                 | false
            '42'                                                 | false
            '[["https://api.example.com/mcp"]]'                  | false
            """)
    void audiencesAcceptATokenWhoseAudContainsOne(String aud, boolean allowed) throws Exception {
        try (JwtAuthenticator auth = create(options("signingSecret", SECRET, "audiences", List.of("https://api.example.com/mcp", "orders")))) {
            AuthOutcome outcome = run(auth, Tokens.hs256(SECRET, "{\"sub\":\"a\",\"aud\":" + aud + "}"));
            if (allowed) {
                assertThat(outcome).isInstanceOf(AuthOutcome.Allowed.class);
            } else {
                AuthOutcome.Denied d = (AuthOutcome.Denied) outcome;
                assertThat(d.reason()).isEqualTo(DenyReason.AUDIENCE_MISMATCH);
                assertThat(d.status()).isEqualTo(401);
                assertThat(d.wwwAuthenticate()).isEqualTo("Bearer error=\"invalid_token\"");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void noAudClaimIsRefusedAndWithoutTheOptionAudIsNotChecked() throws Exception {
        try (JwtAuthenticator auth = create(options("signingSecret", SECRET, "audiences", List.of("orders")))) {
            assertThat(((AuthOutcome.Denied) run(auth, Tokens.hs256(SECRET, "{\"sub\":\"a\"}"))).reason()).isEqualTo(DenyReason.AUDIENCE_MISMATCH);
        }
        try (JwtAuthenticator auth = create(options("signingSecret", SECRET))) {
            assertThat(run(auth, Tokens.hs256(SECRET, "{\"aud\":\"anything\"}"))).isInstanceOf(AuthOutcome.Allowed.class);
        }
        assertThatThrownBy(() -> create(options("signingSecret", SECRET, "audiences", List.of(""))))
                .hasMessageContaining("audiences[0]");
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -                  | -               | -                      | Bearer
            invalid_token      | -               | https://r.example/x    | Bearer error="invalid_token", resource_metadata="https://r.example/x"
            insufficient_scope | tools:read mcp  | https://r.example/x    | Bearer error="insufficient_scope", scope="tools:read mcp", resource_metadata="https://r.example/x"
            -                  | mcp             | https://r.example/x    | Bearer scope="mcp", resource_metadata="https://r.example/x"
            """)
    void challengesCarryErrorScopeAndResourceMetadata(String error, String scopes, String url, String expected) {
        List<String> list = scopes == null ? List.of() : List.of(scopes.split(" "));
        assertThat(BearerChallenge.of(error, list, url)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "refused: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            scope   | 'a"b'
            scope   | 'a\\b'
            scope   | 'a b'
            scope   | 'é'
            scope   | ''
            url     | 'https://r.example/"x'
            url     | 'https://r.example/ x'
            error   | 'server_error'
            """)
    void valuesThatWouldNeedEscapingAreRefused(String where, String value) {
        assertThatThrownBy(() -> {
            String ignored = switch (where) {
                case "scope" -> BearerChallenge.of("insufficient_scope", List.of(value), null);
                case "url" -> BearerChallenge.of(null, List.of(), value);
                default -> BearerChallenge.of(value, List.of(), null);
            };
        }).isInstanceOf(IllegalArgumentException.class);
    }
}
