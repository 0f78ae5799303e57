package io.jwtgate.gateway.middleware.forwardauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's http.Redirect: relative targets, non-ASCII in Location, HTML escaping in the body; and Go's header keys. */
class SigninRedirectTest {

    @ParameterizedTest(name = "{0} from {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "https://auth.example.com/login | /app/x       | https://auth.example.com/login",
        "//auth.example.com/login       | /app/x       | //auth.example.com/login",
        "/login                         | /app/x       | /login",
        "login?next=1                   | /app/orders/ | /app/orders/login?next=1",
        "../login                       | /app/orders/ | /app/login",
        "./a/../b/                      | /x/y         | /x/b/",
        "login                          | ''           | /login",
    })
    void relativeTargetsAreMadeAbsoluteAgainstTheRequestPath(String url, String requestPath, String location) {
        assertThat(SigninRedirect.absolute(url, requestPath)).isEqualTo(location);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/caf\u00e9?a=<b>&c='d'\" | /caf%c3%a9?a=<b>&c='d'\" | /caf\u00e9?a=&lt;b&gt;&amp;c=&#39;d&#39;&#34;",
    })
    void locationAndBodyAreEscapedAsGo(String url, String location, String html) {
        assertThat(SigninRedirect.hexEscapeNonAscii(url)).isEqualTo(location);
        assertThat(SigninRedirect.htmlEscape(url)).isEqualTo(html);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "x-auth-user      | X-Auth-User",
        "X-AUTH-USER      | X-Auth-User",
        "foo-bar          | Foo-Bar",
        "x_forwarded_for  | X_forwarded_for",
        "content-md5      | Content-Md5",
        "'bad name'       | bad name",
    })
    void headerKeysAreCanonicalAsInGo(String name, String canonical) {
        assertThat(GoHeaderKey.canonical(name)).isEqualTo(canonical);
    }
}
