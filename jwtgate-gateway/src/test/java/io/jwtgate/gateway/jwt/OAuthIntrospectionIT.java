package io.jwtgate.gateway.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.ClosedPort;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.KeycloakServer;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Token introspection (RFC 7662, issue 17) through a running gateway against a real Keycloak's introspection endpoint:
 * Traefik Hub's {@code oAuthIntrospection} middleware exactly as its documentation writes it, active / inactive /
 * revoked-mid-test / endpoint-down, and the JWT middleware's {@code introspection} fallback for tokens that are not JWTs.
 */
class OAuthIntrospectionIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String REALM = "intro";
    static final String GATEWAY_SECRET = "gateway-secret-for-introspection";
    static final String APP_SECRET = "app-secret-for-client-credentials";
    static KeycloakServer keycloak;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        keycloak = closing.add(KeycloakServer.start("keycloak/intro-realm.json",
                Map.of("GATEWAY_SECRET", GATEWAY_SECRET, "APP_SECRET", APP_SECRET)));
        Backend backend = closing.add(Backend.echo("b"));
        String basic = Base64.getEncoder().encodeToString(("gateway:" + GATEWAY_SECRET).getBytes(StandardCharsets.UTF_8));
        gw = closing.add(TestGateway.builder()
                .staticYaml("""
                accessLog:
                  filePath: access.log
                  format: json
                """)
                .start("""
                http:
                  middlewares:
                    hub-example:
                      plugin:
                        oAuthIntrospection:
                          tokenSource:
                            header: Authorization
                            headerAuthScheme: Bearer
                          clientConfig:
                            url: "%1$s"
                            headers:
                              Authorization: Basic %2$s
                          tokenTypeHint: access_token
                          forwardHeaders:
                            Group: grp
                            Expires-At: exp
                          claims: Equals(`grp`, `admin`)
                    no-cache:
                      plugin:
                        oAuthIntrospection:
                          tokenSource: {header: Authorization, headerAuthScheme: Bearer}
                          clientConfig: {url: "%1$s", clientID: gateway, clientSecret: "%3$s"}
                          cacheTtl: 0s
                    down:
                      plugin:
                        oAuthIntrospection:
                          tokenSource: {header: Authorization, headerAuthScheme: Bearer}
                          clientConfig: {url: "%4$s", clientID: gateway, clientSecret: "%3$s", maxRetries: 1, timeoutSeconds: 2}
                    jwt-first:
                      plugin:
                        jwt:
                          jwksUrl: "%5$s"
                          forwardHeaders: {X-Verified-By: grp}
                          introspection: {url: "%1$s", clientID: gateway, clientSecret: "%3$s"}
                  routers:
                    hub: {rule: PathPrefix(`/hub`), service: b, middlewares: [hub-example]}
                    no-cache: {rule: PathPrefix(`/no-cache`), service: b, middlewares: [no-cache]}
                    down: {rule: PathPrefix(`/down`), service: b, middlewares: [down]}
                    jwt-first: {rule: PathPrefix(`/jwt-first`), service: b, middlewares: [jwt-first]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%6$s"}]}}
                """.formatted(keycloak.introspectionEndpoint(REALM), basic, GATEWAY_SECRET, ClosedPort.url() + "/introspect",
                        keycloak.jwksUrl(REALM), backend.url())));
    }

    static String token(String client) throws Exception {
        return keycloak.accessToken(REALM, client, APP_SECRET, null);
    }

    static HttpResponse<String> call(String path, String token) throws Exception {
        return Http.get(gw.url(path), "Authorization", "Bearer " + token);
    }

    static JsonObject headersOf(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonObject("headers");
    }

    @Test
    void theHubDocumentationExamplePassesAnActiveAdminTokenWithItsClaimsAsHeaders() throws Exception {
        String admin = token("admin-app");
        JsonObject headers = headersOf(call("/hub", admin));
        assertThat(headers.getJsonArray("group").getList()).containsExactly("admin");
        assertThat(Long.parseLong((String) headers.getJsonArray("expires-at").getList().get(0)))
                .isEqualTo(KeycloakServer.claims(admin).getLong("exp"));
        assertThat(headers.containsKey("authorization")).as("the token is not forwarded").isFalse();
        assertThat(call("/hub", token("dev-app")).statusCode()).as("active, but claims is false").isEqualTo(403);
    }

    @Test
    void tokensKeycloakDoesNotKnowAreInactive() throws Exception {
        HttpResponse<String> r = call("/hub", "an-opaque-token-keycloak-never-issued");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertThat(r.body()).isEqualTo("401 Unauthorized\n");
        assertThat(reasons()).contains("TOKEN_INACTIVE");
    }

    @Test
    void aTokenRevokedMidTestIsRefusedOnItsNextRequest() throws Exception {
        String admin = token("admin-app");
        assertThat(call("/no-cache", admin).statusCode()).isEqualTo(200);
        keycloak.revoke(REALM, "admin-app", APP_SECRET, admin);
        assertThat(call("/no-cache", admin).statusCode()).isEqualTo(401);
        assertThat(call("/no-cache", token("admin-app")).statusCode()).as("a new token of the same client passes").isEqualTo(200);
    }

    @Test
    void anEndpointThatIsDownDeniesEveryRequestAndSaysWhy() throws Exception {
        HttpResponse<String> r = call("/down", token("admin-app"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("401 Unauthorized\n");
        assertThat(reasons()).contains("INTROSPECTION_UNAVAILABLE");
    }

    @Test
    void theJwtMiddlewareVerifiesJwtsItselfAndIntrospectsTheRest() throws Exception {
        String admin = token("admin-app");
        assertThat(headersOf(call("/jwt-first", admin)).getJsonArray("x-verified-by").getList()).containsExactly("admin");
        keycloak.revoke(REALM, "admin-app", APP_SECRET, admin);
        assertThat(call("/jwt-first", admin).statusCode()).as("a JWT is verified by signature: revocation needs introspection")
                .isEqualTo(200);
        assertThat(call("/jwt-first", "opaque-and-unknown").statusCode()).isEqualTo(401);
        assertThat(reasons()).contains("TOKEN_INACTIVE");
    }

    /** The JwtReason of every access-log line so far (the log is written asynchronously: waits for lines to appear). */
    static List<String> reasons() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        List<String> reasons = List.of();
        int before = -1;
        while (Instant.now().isBefore(deadline)) {
            List<String> lines = Files.exists(gw.dir().resolve("access.log")) ? Files.readAllLines(gw.dir().resolve("access.log")) : List.of();
            reasons = lines.stream().map(l -> new JsonObject(l).getString("JwtReason")).filter(java.util.Objects::nonNull).toList();
            if (lines.size() == before) {
                break;
            }
            before = lines.size();
            Thread.sleep(300);
        }
        return reasons;
    }
}
