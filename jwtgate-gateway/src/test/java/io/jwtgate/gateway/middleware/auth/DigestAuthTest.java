package io.jwtgate.gateway.middleware.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.DigestClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure parts of {@code digestAuth}: header parameters, the response computation, the uri rule, the nonce store. */
class DigestAuthTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // RFC 2617 section 3.5, RFC 7616 section 3.9.1 (MD5), go-http-auth's digest_test.go (two requests).
            "RFC 2617    | 939e7578ed9e3c518a452acee763bce9 | GET | /dir/index.html | dcd98b7102dd2f0e8b11d0f600bfb0c093 | 0a4f113b | 6629fae49393a05397450978507c4ef1",
            "RFC 7616    | 3d78807defe7de2157e2b0b6573a855f | GET | /dir/index.html | 7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v | f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ | 8ca523f5e9506fed4657c9700eebdbec",
            "go-http-auth /t2 | aa78524fceb0e50fd8ca96dd818b8cf9 | GET | /t2     | Vb9BP/h81n3GpTTB | NjE4MTM2 | ffc357c4eba74773c8687e0bc724c9a3",
            "go-http-auth /  | aa78524fceb0e50fd8ca96dd818b8cf9 | GET | /       | +RbVXSbIoa1SaJk1 | NjE4NDkw | c08918024d7faaabd5424654c4e3ad1c",
    })
    void theResponseIsRfc2617s(String source, String ha1, String method, String uri, String nonce, String cnonce, String expected) {
        assertThat(DigestAuthMiddleware.response(ha1, method, uri, nonce, "00000001", cnonce, "auth")).isEqualTo(expected);
    }

    @Test
    void theHa1OfTheRfcVectorsIsMd5OfUserRealmPassword() {
        assertThat(DigestClient.md5("Mufasa:testrealm@host.com:Circle Of Life")).isEqualTo("939e7578ed9e3c518a452acee763bce9");
        assertThat(DigestClient.md5("Mufasa:http-auth@example.org:Circle of Life")).isEqualTo("3d78807defe7de2157e2b0b6573a855f");
    }

    @Test
    void parametersAreReadAsGoHttpAuthReadsThem() {
        // go-http-auth's TestDigestAuthParams: commas inside a quoted uri.
        Map<String, String> p = DigestParams.parse("Digest username=\"test\", realm=\"\", nonce=\"FRPnGdb8lvM1UHhi\","
                + " uri=\"/css?family=Source+Sans+Pro:400,700,400italic,700italic|Source+Code+Pro\", algorithm=MD5,"
                + " response=\"fdcdd78e5b306ffed343d0ec3967f2e5\", opaque=\"lEgVjogmIar2fg/t\", qop=auth, nc=00000001, cnonce=\"e76b05db27a3b323\"");
        assertThat(p).containsEntry("uri", "/css?family=Source+Sans+Pro:400,700,400italic,700italic|Source+Code+Pro")
                .containsEntry("realm", "").containsEntry("algorithm", "MD5").containsEntry("qop", "auth").containsEntry("nc", "00000001")
                .containsEntry("username", "test");
        assertThat(DigestParams.parse("Digest username=\"a\\\"b\", x=\"c\\\\d\"")).containsEntry("username", "a\"b").containsEntry("x", "c\\d");
        assertThat(DigestParams.parse("Digest blabla")).isEqualTo(Map.of("blabla", ""));
        assertThat(DigestParams.parse("Digest a=1, a=2")).containsEntry("a", "2");
        assertThat(DigestParams.parse(null)).isNull();
        assertThat(DigestParams.parse("Basic dGVzdDp0ZXN0")).isNull();
        assertThat(DigestParams.parse("digest username=\"test\"")).as("the scheme is case-sensitive in go-http-auth").isNull();
        assertThat(DigestParams.parse("Digest")).isNull();
    }

    @ParameterizedTest(name = "uri {0} for request target {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "/t2                       | /t2                   | true",
            "/t2                       | /                     | false",   // go-http-auth: bad request path
            "/t2                       | /t3                   | false",   // go-http-auth: bad request path
            "/                         | /t3                   | false",   // go-http-auth accepts a path prefix; jwtgate does not
            "/a?x=1                    | /a?x=1                | true",
            "/a                        | /a?x=1                | false",
            "http://127.0.0.1:8080/a?x=1 | /a?x=1              | true",    // Traefik's test client signs the absolute URL
            "http://127.0.0.1:8080     | /                     | true",
            "/a                        | http://example.com/a  | true",    // an absolute-form request target
            "http://127.0.0.1:8080/b   | /a                    | false",
    })
    void theUriMustNameTheRequestTarget(String uri, String target, boolean same) {
        assertThat(DigestAuthMiddleware.sameTarget(uri, target)).isEqualTo(same);
    }

    @Test
    void nonceCountsMustGrowAndNoncesAreIssuedHere() {
        DigestNonces nonces = new DigestNonces(10, 2);
        String n = nonces.issue();
        assertThat(n).matches("[A-Za-z0-9+/]{16}");
        assertThat(nonces.use("never-issued", 1)).isEqualTo(DigestNonces.Use.UNKNOWN_NONCE);
        assertThat(nonces.use(n, 5)).isEqualTo(DigestNonces.Use.ACCEPTED);
        assertThat(nonces.use(n, 5)).isEqualTo(DigestNonces.Use.REPLAYED);
        assertThat(nonces.use(n, 4)).isEqualTo(DigestNonces.Use.STALE);
        assertThat(nonces.use(n, 6)).isEqualTo(DigestNonces.Use.ACCEPTED);
        assertThat(nonces.use(n, -1L)).as("counts are unsigned 64-bit").isEqualTo(DigestNonces.Use.ACCEPTED);
        String zero = nonces.issue();
        assertThat(nonces.use(zero, 0)).isEqualTo(DigestNonces.Use.ACCEPTED);
        assertThat(nonces.use(zero, 0)).isEqualTo(DigestNonces.Use.REPLAYED);
    }

    @Test
    void theStoreIsBoundedAndForgetsTheLeastRecentlyUsed() {
        DigestNonces nonces = new DigestNonces(10, 2);
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            issued.add(nonces.issue());
        }
        assertThat(nonces.remembered()).isEqualTo(13);
        assertThat(nonces.use(issued.get(0), 1)).as("used: now the most recent").isEqualTo(DigestNonces.Use.ACCEPTED);
        issued.add(nonces.issue()); // 13 > 10 + 2: the 4 least recently used go first
        assertThat(nonces.remembered()).isEqualTo(10);
        Set<String> forgotten = new HashSet<>(issued.subList(1, 5));
        for (String n : forgotten) {
            assertThat(nonces.use(n, 1)).isEqualTo(DigestNonces.Use.UNKNOWN_NONCE);
        }
        assertThat(nonces.use(issued.get(0), 2)).isEqualTo(DigestNonces.Use.ACCEPTED);
        assertThat(nonces.use(issued.get(5), 1)).isEqualTo(DigestNonces.Use.ACCEPTED);
        for (int i = 0; i < 10_000; i++) {
            nonces.issue();
        }
        assertThat(nonces.remembered()).isLessThanOrEqualTo(13);
    }
}
