package io.jwtgate.gateway.middleware.forwardauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which Set-Cookie lines Go's ParseSetCookie accepts, and how the auth server's cookies replace the backend's. */
class AuthCookiesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "session=abc; Path=/; HttpOnly | session",
        "  spaced = v                  | spaced",
        "quoted=\"v\"                  | quoted",
        "empty=                        | empty",
        "lax=a b,c                     | lax",
        "noequals                      | null",
        "=value                        | null",
        "bad name=v                    | null",
        "semi=\"a;b\"                  | null",
        "backslash=a\\b                | null",
        "dquote=a\"b                   | null",
    })
    void namesTheCookiesGoAccepts(String line, String name) {
        assertThat(AuthCookies.name(line)).isEqualTo(name);
    }

    @Test
    void listedAuthCookiesReplaceTheBackendsAndUnparsableOnesAreDropped() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Set-Cookie", "authCookie=Backend").add("Set-Cookie", "backendCookie=Backend; Secure").add("Set-Cookie", "broken")
                .add("Other", "x");
        AuthCookies.modifier(AuthCookies.valid(List.of("authCookie=Auth; Path=/", "authCookieNotAdded=Auth", "junk")), Set.of("authCookie"))
                .modify(200, headers);
        assertThat(headers.getAll("Set-Cookie")).containsExactly("backendCookie=Backend; Secure", "authCookie=Auth; Path=/");
        assertThat(headers.get("Other")).isEqualTo("x");
    }
}
