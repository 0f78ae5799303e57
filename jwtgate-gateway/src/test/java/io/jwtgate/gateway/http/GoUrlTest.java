package io.jwtgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's net/url as jwtgate needs it: what url.Parse(x).String(), base.Parse(ref).String() and url.QueryEscape give in Go. */
class GoUrlTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/index.html                       | /index.html",
        "HTTP://Example.COM/A              | http://Example.COM/A",
        "https://example.com/a b           | https://example.com/a%20b",
        "/caf\u00e9                         | /caf%C3%A9",
        "/keep%2Fescaped/and[brackets]     | /keep%2Fescaped/and[brackets]",
        "/a b!                             | /a%20b%21",
        "/x?q=a b&r=%zz                    | /x?q=a b&r=%zz",
        "/x?                               | /x?",
        "/x#frag ment                      | /x#frag%20ment",
        "/x#                               | /x",
        "mailto:someone@example.com        | mailto:someone@example.com",
        "//cdn.example/p                   | //cdn.example/p",
        "login?next=/app                   | login?next=/app",
    })
    void parsesAndWritesAsGo(String raw, String written) {
        assertThat(GoUrl.parse(raw).toString()).isEqualTo(written);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/bad%zz", "/bad%2", "/tab\there", "/nul\u0000", "http://host:port/", "http://[::1/", "1a:b/c", ":nothing",
        "/x#bad%zz"})
    void refusesWhatGoRefuses(String raw) {
        assertThatThrownBy(() -> GoUrl.parse(raw)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{1} against {0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "http://auth:9000/oauth2/auth | /index.html           | http://auth:9000/index.html",
        "http://auth:9000/oauth2/auth | sign_in?rd=%2F        | http://auth:9000/oauth2/sign_in?rd=%2F",
        "http://auth:9000/oauth2/auth | ../x                  | http://auth:9000/x",
        "http://auth:9000/oauth2/auth | ../../../x            | http://auth:9000/x",
        "http://auth:9000/oauth2/auth | ?rd=1                 | http://auth:9000/oauth2/auth?rd=1",
        "http://auth:9000/a?old=1     | #top                  | http://auth:9000/a?old=1#top",
        "http://auth:9000/oauth2/auth | //login.example/start | http://login.example/start",
        "http://auth:9000/oauth2/auth | https://idp/x/../y    | https://idp/y",
        "http://auth:9000             | login                 | http://auth:9000/login",
        "http://auth:9000/a/b         | .                     | http://auth:9000/a/",
        "http://auth:9000/a/b         | ..                    | http://auth:9000/",
        "https://auth/verify?x=1      | /a b                  | https://auth/a%20b",
    })
    void resolvesAsGo(String base, String ref, String resolved) {
        assertThat(GoUrl.parse(base).resolve(GoUrl.parse(ref)).toString()).isEqualTo(resolved);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http://auth:9000/verify?rd=1 | auth | 9000 | auth:9000 | /verify?rd=1",
        "https://auth                 | auth | -1   | auth      | /",
        "http://u:p@[::1]:8080/a b    | ::1  | 8080 | [::1]:8080 | /a%20b",
    })
    void givesWhatARequestNeeds(String address, String host, int port, String hostPort, String requestUri) {
        GoUrl url = GoUrl.parse(address);
        assertThat(url.host()).isEqualTo(host);
        assertThat(url.port()).isEqualTo(port);
        assertThat(url.hostPort()).isEqualTo(hostPort);
        assertThat(url.requestUri()).isEqualTo(requestUri);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "abcXYZ019-_.~        | abcXYZ019-_.~",
            "a b                  | a+b",
            "http://h/p?q=1&r=2   | http%3A%2F%2Fh%2Fp%3Fq%3D1%26r%3D2",
            "*!'()$,;@+           | %2A%21%27%28%29%24%2C%3B%40%2B",
            "é                    | %C3%A9",
    })
    void queryEscapesAsGo(String in, String out) {
        assertThat(GoUrl.queryEscape(in)).isEqualTo(out);
    }
}
