package io.jwtgate.gateway.middleware.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TempDirs;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code basicAuth} through a running gateway, with the users of Traefik's basic_auth_test.go. */
class BasicAuthIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        Backend backend = closing.add(Backend.echo("b"));
        Path users = TempDirs.create("htpasswd").resolve("users");
        Files.writeString(users, "#Comment\ntest:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/\ntest2:$apr1$d9hr9HBB$4HxwgUir3HP4EsggP/QNo0\n");
        gw = closing.add(TestGateway.withDynamic("""
                http:
                  middlewares:
                    file: {basicAuth: {usersFile: "%s", users: ["test2:$apr1$mK.GtItK$ncnLYvNLek0weXdxo68690"], realm: traefiker}}
                    inline: {basicAuth: {users: ["test:$2a$04$.8sTYfcxbSplCtoxt5TdJOgpBYkarKtZYsYfYxQ1edbYRuO1DNi0e"],
                                         headerField: X-WebAuth-User, removeHeader: true}}
                  routers:
                    file: {rule: Path(`/file`), service: b, middlewares: [file]}
                    inline: {rule: Path(`/inline`), service: b, middlewares: [inline]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(users, backend.url())));
        assertThat(gw.gateway().problems()).isEmpty();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} {1}:{2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "/file   | test  | test       | 200",
            "/file   | test2 | overridden | 200",
            "/file   | test2 | test2      | 401",
            "/file   | foo   | foo        | 401",
            "/inline | test  | test       | 200",
            "/inline | test  | wrong      | 401",
    })
    void htpasswdUsersFromTheFileAndInline(String path, String user, String password, int status) throws Exception {
        HttpResponse<String> r = Http.get(gw.url(path), "Authorization", basic(user, password));
        assertThat(r.statusCode()).isEqualTo(status);
        if (status == 401) {
            assertThat(r.body()).isEqualTo("401 Unauthorized\n");
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(path.equals("/file") ? "Basic realm=\"traefiker\"" : "Basic realm=\"traefik\"");
        }
    }

    @Test
    void noOrMalformedCredentialsAre401() throws Exception {
        for (String header : new String[] {null, "Bearer x", "Basic !!!", "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes())}) {
            HttpResponse<String> r = header == null ? Http.get(gw.url("/inline")) : Http.get(gw.url("/inline"), "Authorization", header);
            assertThat(r.statusCode()).as(String.valueOf(header)).isEqualTo(401);
        }
    }

    @Test
    void theUserIsForwardedInHeaderFieldAndTheCredentialsAreRemoved() throws Exception {
        JsonObject headers = new JsonObject(Http.get(gw.url("/inline"), "Authorization", basic("test", "test")).body()).getJsonObject("headers");
        assertThat(headers.getJsonArray("x-webauth-user").getString(0)).isEqualTo("test");
        assertThat(headers.containsKey("authorization")).isFalse();
        JsonObject kept = new JsonObject(Http.get(gw.url("/file"), "Authorization", basic("test", "test")).body()).getJsonObject("headers");
        assertThat(kept.containsKey("authorization")).as("removeHeader defaults to false").isTrue();
    }

    @Test
    void plainTextPasswordsAreWarnedAboutAndKubernetesSecretsRefused() throws Exception {
        try (TestGateway bad = TestGateway.withDynamic("""
                http:
                  middlewares:
                    plain: {basicAuth: {users: ["bob:password"]}}
                    secret: {basicAuth: {secret: authsecret}}
                    none: {basicAuth: {users: []}}
                    broken: {basicAuth: {users: ["a:b:c"]}}
                  routers:
                    p: {rule: Path(`/p`), service: s, middlewares: [plain]}
                  services:
                    s: {loadBalancer: {servers: [{url: "http://127.0.0.1:9"}]}}
                """)) {
            assertThat(bad.gateway().warnings()).anyMatch(w -> w.contains("user 'bob'") && w.contains("can never log in") && w.contains("htpasswd -nB bob"));
            assertThat(bad.gateway().problems()).anyMatch(p -> p.contains("http.middlewares.secret.basicAuth.secret") && p.contains("only a Kubernetes Middleware"))
                    .anyMatch(p -> p.contains("http.middlewares.none.basicAuth") && p.contains("has no users"))
                    .anyMatch(p -> p.contains("http.middlewares.broken.basicAuth") && p.contains("user:hash"));
            assertThat(Http.get(bad.url("/p"), "Authorization", basic("bob", "password")).statusCode()).isEqualTo(401);
        }
    }
}
