package io.jwtgate.gateway.middleware.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The error page's request target as Traefik's customErrors builds it ("/" + query without its
 * leading "/", {status}, {originalStatus}, {url} replaced, then url.Parse and RequestURI), and
 * Go's url.QueryEscape. The request is http://localhost/test?foo=bar&baz=buz unless said otherwise.
 */
class PageTargetTest {

    private static final String URL = "http://localhost/test?foo=bar&baz=buz";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty query asks for /                        |                                | 503 | 503 | /",
            "static page                                   | /test                          | 503 | 503 | /test",
            "leading slash added                           | err.html                       | 503 | 503 | /err.html",
            "one leading slash removed, then added         | //x                            | 503 | 503 | //x",
            "{status}                                      | /{status}                      | 503 | 503 | /503",
            "{status} is the rewritten one                 | /{status}.html                 | 500 | 503 | /500.html",
            "{originalStatus}                              | /{status}/{originalStatus}     | 500 | 503 | /500/503",
            "full query replacement (TestHandler)          | /?status={status}&url={url}    | 503 | 503 | /?status=503&url=http%3A%2F%2Flocalhost%2Ftest%3Ffoo%3Dbar%26baz%3Dbuz",
            "the fragment is dropped                       | /page#top                      | 503 | 503 | /page",
            "an empty query after ? is kept (ForceQuery)   | /page?                         | 503 | 503 | /page?",
            "a space is escaped in the path                | /my page                       | 404 | 404 | /my%20page",
            "valid escapes are kept                        | /a%2Fb                         | 404 | 404 | /a%2Fb",
    })
    void buildsTheTargetAsTraefik(String desc, String query, int status, int original, String expected) {
        PageTarget.Target t = PageTarget.of(query == null ? "" : query, status, original, URL);
        assertThat(t.query() == null ? t.path() : t.path() + "?" + t.query()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"/bad%zzescape", "/tab\there"})
    void refusesWhatGoCannotParse(String query) {
        assertThatThrownBy(() -> PageTarget.of(query, 500, 500, URL)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "false | localhost      | /test | foo=bar | http://localhost/test?foo=bar",
            "true  | example.com:8443 | /a%20b |        | https://example.com:8443/a%20b",
            "false | localhost      | /     |         | http://localhost/",
    })
    void requestUrlAsGoWritesIt(boolean tls, String host, String path, String query, String expected) {
        assertThat(PageTarget.requestUrl(tls, host, path, query)).isEqualTo(expected);
    }
}
