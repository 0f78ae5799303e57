package io.jwtgate.jwt;

import static io.jwtgate.jwt.support.Auth.create;
import static io.jwtgate.jwt.support.Auth.options;
import static io.jwtgate.jwt.support.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.jwt.support.Auth;
import io.jwtgate.jwt.support.Requests;
import io.jwtgate.jwt.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decision 5: where the token comes from. */
class ExtractionTest {

    static final String SECRET = "a-signing-secret-of-at-least-32-bytes!";
    static final String TOKEN = Tokens.hs256(SECRET, "{}");

    @Test
    void authorizationHeaderNeedsTheBearerSchemeInAnyCase() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET));
        for (String value : List.of("Bearer " + TOKEN, "bearer " + TOKEN, "BEARER  " + TOKEN)) {
            assertThat(auth.extract(request().header("authorization", value))).as(value).isEqualTo(new Extraction.Found(TOKEN, "header"));
        }
        for (String value : List.of(TOKEN, "Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Token " + TOKEN)) {
            assertThat(auth.extract(request().header("Authorization", value))).as(value).isInstanceOf(Extraction.Invalid.class);
        }
        assertThat(auth.extract(request().header("Authorization", ""))).isInstanceOf(Extraction.Missing.class);
    }

    @Test
    void customHeaderAcceptsBareAndBearerTokens() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET, "headerName", "X-Api-Token"));
        assertThat(auth.extract(request().header("x-api-token", TOKEN))).isEqualTo(new Extraction.Found(TOKEN, "header"));
        assertThat(auth.extract(request().header("X-Api-Token", "Bearer " + TOKEN))).isEqualTo(new Extraction.Found(TOKEN, "header"));
        assertThat(auth.extract(Requests.bearer(TOKEN))).isInstanceOf(Extraction.Missing.class);
        AuthOutcome.Allowed a = Auth.allowed(Auth.run(auth, request().header("X-Api-Token", TOKEN)));
        assertThat(a.removeHeaders()).containsExactly("X-Api-Token");
    }

    @Test
    void queryThenFormWhenTokenKeyIsSet() throws Exception {
        JwtAuthenticator off = create(options("signingSecret", SECRET));
        assertThat(off.extract(request().query("jwt", TOKEN))).isInstanceOf(Extraction.Missing.class);
        JwtAuthenticator auth = create(options("signingSecret", SECRET, "tokenKey", "jwt"));
        assertThat(auth.extract(request().query("jwt", TOKEN))).isEqualTo(new Extraction.Found(TOKEN, "query"));
        assertThat(auth.extract(request().header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")))
                .isInstanceOf(Extraction.NeedsFormBody.class);
        assertThat(auth.extract(request().header("Content-Type", "application/json"))).isInstanceOf(Extraction.Missing.class);
        byte[] body = ("a=1&jwt=" + TOKEN + "&jwt=second").getBytes(StandardCharsets.UTF_8);
        assertThat(auth.extractFromForm(body)).isEqualTo(new Extraction.Found(TOKEN, "form"));
        assertThat(auth.extractFromForm("jwt%3Dx=1&b=2".getBytes(StandardCharsets.UTF_8))).isInstanceOf(Extraction.Missing.class);
        assertThat(auth.extractFromForm("jwt=a+b".getBytes(StandardCharsets.UTF_8))).isInstanceOf(Extraction.Invalid.class);
        assertThat(Auth.run(auth, request().query("jwt", TOKEN))).isInstanceOf(AuthOutcome.Allowed.class);
    }

    @Test
    void authenticateSynchronouslyForStaticKeys() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET));
        assertThat(auth.authenticate(TOKEN, true).toCompletableFuture()).isDone();
        assertThat(auth.authenticate(new Extraction.Invalid(DenyReason.MALFORMED_TOKEN)).toCompletableFuture().join())
                .isInstanceOfSatisfying(AuthOutcome.Denied.class, d -> assertThat(d.wwwAuthenticate()).isEqualTo("Bearer error=\"invalid_token\""));
        assertThat(auth.stats().denied(DenyReason.MALFORMED_TOKEN)).isEqualTo(1);
        assertThat(auth.stats().allowed()).isEqualTo(1);
    }
}
