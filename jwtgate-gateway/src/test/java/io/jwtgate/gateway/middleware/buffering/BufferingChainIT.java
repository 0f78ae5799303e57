package io.jwtgate.gateway.middleware.buffering;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The buffering middleware with a middleware after it that reads the body too (a JWT form token). */
class BufferingChainIT {

    static final String SECRET = "a-secret-of-at-least-32-bytes-long!!";

    @ParameterizedTest(name = "memRequestBodyBytes {0}")
    @ValueSource(ints = {0, 8})
    void aFormTokenAfterTheBufferIsReadFromTheHeldBody(int memory) throws Exception {
        try (Backend backend = Backend.echo("b"); TestGateway gw = TestGateway.withDynamic("""
                http:
                  middlewares:
                    buffer: {buffering: {memRequestBodyBytes: %d}}
                    jwt: {plugin: {jwt: {signingSecret: "%s", tokenKey: jwt, forwardHeaders: {X-User: sub}}}}
                  routers:
                    r: {rule: PathPrefix(`/`), service: b, middlewares: [buffer, jwt]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(memory, SECRET, backend.url()))) {
            String body = "a=1&jwt=" + Jose.hs256(SECRET, "{\"sub\":\"form\"}") + "&b=2";
            HttpResponse<String> r = Http.client().send(HttpRequest.newBuilder(gw.url("/f")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonObject echo = new JsonObject(r.body());
            assertThat(echo.getString("body")).isEqualTo(body);
            assertThat(echo.getJsonObject("headers").getJsonArray("x-user").getList()).containsExactly("form");
        }
    }
}
