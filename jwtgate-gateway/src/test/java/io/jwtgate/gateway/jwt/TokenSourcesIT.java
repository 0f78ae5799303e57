package io.jwtgate.gateway.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code tokenCookie} and {@code requireAccessTokenProfile} through a running gateway (issue 17). */
class TokenSourcesIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String SECRET = "a-32-byte-long-secret-for-tests!";
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        Backend backend = closing.add(Backend.echo("b"));
        gw = closing.add(TestGateway.withDynamic("""
                http:
                  middlewares:
                    cookie:
                      plugin:
                        jwt:
                          signingSecret: "%1$s"
                          tokenCookie: access_token
                          forwardHeaders: {X-User: sub}
                    header-only:
                      plugin:
                        jwt:
                          signingSecret: "%1$s"
                    profile:
                      plugin:
                        jwt:
                          signingSecret: "%1$s"
                          requireAccessTokenProfile: true
                  routers:
                    cookie: {rule: PathPrefix(`/cookie`), service: b, middlewares: [cookie]}
                    header-only: {rule: PathPrefix(`/header-only`), service: b, middlewares: [header-only]}
                    profile: {rule: PathPrefix(`/profile`), service: b, middlewares: [profile]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%2$s"}]}}
                """.formatted(SECRET, backend.url())));
    }

    static JsonObject headersOf(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonObject("headers");
    }

    @Test
    void theTokenCookieAuthenticatesAndIsNotForwarded() throws Exception {
        String t = Jose.hs256(SECRET, "{\"sub\":\"cookie-user\"}");
        JsonObject headers = headersOf(Http.get(gw.url("/cookie"), "Cookie", "theme=dark; access_token=" + t + "; lang=en"));
        assertThat(headers.getJsonArray("x-user").getList()).containsExactly("cookie-user");
        assertThat(headers.getJsonArray("cookie").getList()).as("the other cookies stay, the token goes").containsExactly("theme=dark; lang=en");
        assertThat(headersOf(Http.get(gw.url("/cookie"), "Cookie", "access_token=" + t)).containsKey("cookie")).isFalse();
    }

    @Test
    void aCookieTossedNextToTheRealOneAndACookieWhereNoneIsConfiguredAreRefused() throws Exception {
        String real = Jose.hs256(SECRET, "{\"sub\":\"victim\"}");
        String planted = Jose.hs256(SECRET, "{\"sub\":\"attacker\"}");
        HttpResponse<String> tossed = Http.get(gw.url("/cookie"), "Cookie", "access_token=" + planted + "; access_token=" + real);
        assertThat(tossed.statusCode()).isEqualTo(401);
        assertThat(tossed.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertThat(Http.get(gw.url("/header-only"), "Cookie", "access_token=" + real).statusCode()).as("off by default").isEqualTo(401);
        assertThat(Http.get(gw.url("/cookie"), "Cookie", "access_token=" + real, "Authorization", "Basic eDp5").statusCode())
                .as("a bad Authorization header does not fall through to the cookie").isEqualTo(401);
    }

    static final String CLAIMS = "\"iss\":\"https://idp.example\",\"aud\":\"api\",\"sub\":\"u\",\"client_id\":\"c\",\"jti\":\"j\",\"iat\":"
            + (Jose.now() - 10) + ",\"exp\":" + (Jose.now() + 600);

    @Test
    void theAccessTokenProfileRefusesIdTokensAndIncompleteTokensEvenWhenCached() throws Exception {
        String access = Jose.hs256(SECRET, "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", "{" + CLAIMS + "}");
        assertThat(Http.get(gw.url("/profile"), "Authorization", "Bearer " + access).statusCode()).isEqualTo(200);
        String idToken = Jose.hs256(SECRET, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{" + CLAIMS + ",\"nonce\":\"n\"}");
        // Verified (and cached) by a middleware without the profile first: the profile is still checked from the cache.
        assertThat(Http.get(gw.url("/header-only"), "Authorization", "Bearer " + idToken).statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/profile"), "Authorization", "Bearer " + idToken).statusCode()).isEqualTo(401);
        String noClient = Jose.hs256(SECRET, "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", "{" + CLAIMS.replace("\"client_id\":\"c\",", "") + "}");
        assertThat(Http.get(gw.url("/profile"), "Authorization", "Bearer " + noClient).statusCode()).isEqualTo(401);
    }
}
