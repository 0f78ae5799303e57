package io.jwtgate.gateway.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Gateway-level behaviour of the JWT middleware: token locations, header hygiene, failing closed, access log. */
class JwtMiddlewareIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String SECRET = "a-32-byte-long-secret-for-tests!";
    static Backend backend;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        backend = closing.add(Backend.echo("b"));
        gw = closing.add(TestGateway.builder()
                .staticYaml("""
                accessLog:
                  filePath: access.log
                  format: json
                """)
                .start("""
                http:
                  middlewares:
                    jwt:
                      plugin:
                        jwt:
                          signingSecret: "%s"
                          tokenKey: jwt
                          usernameClaim: sub
                          forwardHeaders:
                            X-User: sub
                            X-Tenant: tenant
                            X-Profile: profile
                            Expires-At: exp
                    two-sources:
                      plugin:
                        jwt:
                          signingSecret: "%s"
                          jwksUrl: https://idp.example/jwks
                    bad-claims:
                      plugin:
                        jwt:
                          signingSecret: "%s"
                          claims: Equals(`grp`, admin)
                  routers:
                    ok: {rule: PathPrefix(`/ok`), service: b, middlewares: [jwt]}
                    broken: {rule: PathPrefix(`/broken`), service: b, middlewares: [two-sources]}
                    broken-claims: {rule: PathPrefix(`/claims`), service: b, middlewares: [bad-claims]}
                    open: {rule: PathPrefix(`/open`), service: b}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(SECRET, SECRET, SECRET, backend.url())));
    }


    static String token(String payload) {
        return Jose.hs256(SECRET, payload);
    }

    static JsonObject echo(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    @Test
    void tokenInQueryParameterIsAcceptedAndTheHeaderWinsWhenBothArePresent() throws Exception {
        String valid = token("{\"sub\":\"q\"}");
        assertThat(Http.get(gw.url("/ok?jwt=" + valid)).statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/ok?jwt=" + valid), "Authorization", "Bearer bad.token.here").statusCode()).isEqualTo(401);
        assertThat(Http.get(gw.url("/ok?jwt=" + valid), "Authorization", "Basic dXNlcjpwYXNz").statusCode())
                .as("a non-Bearer Authorization header does not fall through").isEqualTo(401);
    }

    @Test
    void tokenInUrlEncodedFormIsAcceptedAndTheBodyReachesTheBackendIntact() throws Exception {
        String body = "a=1&jwt=" + token("{\"sub\":\"form\"}") + "&b=%C3%A9";
        HttpResponse<String> r = Http.client().send(HttpRequest.newBuilder(gw.url("/ok"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonObject echo = echo(r);
        assertThat(echo.getString("body")).isEqualTo(body);
        assertThat(echo.getJsonObject("headers").getJsonArray("x-user").getList()).containsExactly("form");
    }

    @Test
    void forwardHeadersReplaceSpoofedValuesAndRenderTypes() throws Exception {
        long exp = Jose.now() + 3600; // once: a second may tick between two reads of the clock
        String t = token("{\"sub\":\"alice\",\"profile\":{\"a\":[1,true]},\"exp\":" + exp + "}");
        JsonObject headers = echo(Http.get(gw.url("/ok"), "Authorization", "bearer " + t, "X-Tenant", "evil", "X-User", "root"))
                .getJsonObject("headers");
        assertThat(headers.getJsonArray("x-user").getList()).containsExactly("alice");
        assertThat(headers.getJsonArray("x-tenant").getList()).as("missing claim: empty header, spoofed value gone").containsExactly("");
        assertThat(headers.getJsonArray("x-profile").getList()).containsExactly("{\"a\":[1,true]}");
        assertThat(headers.getJsonArray("expires-at").getList()).containsExactly(String.valueOf(exp));
        assertThat(headers.containsKey("authorization")).isFalse();
    }

    @Test
    void deniedRequestsWithoutBodyKeepTheConnectionAlive() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gw.gateway().port("web"))) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 3; i++) {
                out.write("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                out.flush();
                assertThat(in.readLine()).as("response %d on one connection", i).isEqualTo("HTTP/1.1 401 Unauthorized");
                int length = 0;
                for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
                    assertThat(line.toLowerCase()).isNotEqualTo("connection: close");
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                in.skip(length);
            }
        }
    }

    @Test
    void claimValueWithLineBreakIsNeverForwarded() throws Exception {
        String t = token("{\"sub\":\"a\\r\\nX-Admin: true\"}");
        HttpResponse<String> r = Http.get(gw.url("/ok"), "Authorization", "Bearer " + t);
        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void invalidMiddlewareDisablesOnlyItsRoutersWithAPreciseError() throws Exception {
        assertThat(Http.get(gw.url("/broken"), "Authorization", "Bearer " + token("{}")).statusCode()).isEqualTo(503);
        assertThat(Http.get(gw.url("/claims"), "Authorization", "Bearer " + token("{}")).statusCode()).isEqualTo(503);
        assertThat(Http.get(gw.url("/open")).statusCode()).isEqualTo(200);
        assertThat(gw.gateway().problems()).anySatisfy(p -> assertThat(p)
                .contains("dynamic.yml").contains("http.middlewares.two-sources.plugin.jwt").contains("signingSecret").contains("jwksUrl"));
        assertThat(gw.gateway().problems()).anySatisfy(p -> assertThat(p)
                .contains("http.middlewares.bad-claims.plugin.jwt.claims").contains("`admin`"));
    }

    @Test
    void accessLogRecordsUsernameAndReasonButNeverTheToken() throws Exception {
        String t = token("{\"sub\":\"logged-user\"}");
        Http.get(gw.url("/ok?jwt=" + t));
        Http.get(gw.url("/ok"), "Authorization", "Bearer " + token("{\"sub\":\"x\",\"exp\":1}"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        List<String> lines = List.of();
        while (Instant.now().isBefore(deadline)) {
            lines = Files.exists(gw.dir().resolve("access.log")) ? Files.readAllLines(gw.dir().resolve("access.log")) : List.of();
            if (lines.stream().anyMatch(l -> l.contains("EXPIRED"))) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(lines).anySatisfy(l -> assertThat(new JsonObject(l).getString("ClientUsername")).isEqualTo("logged-user"));
        assertThat(lines).anySatisfy(l -> {
            JsonObject json = new JsonObject(l);
            assertThat(json.getInteger("DownstreamStatus")).isEqualTo(401);
            assertThat(json.getString("JwtReason")).isEqualTo("EXPIRED");
        });
        assertThat(String.join("\n", lines)).doesNotContain(t).doesNotContain(t.substring(t.lastIndexOf('.') + 1));
    }
}
