package io.jwtgate.gateway.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three examples of the product guide, in the file-provider format, end to end: a real
 * gateway, a real backend, and for the identity-provider examples a real OAuth2/OIDC server that
 * publishes its JWK set and issues RS256 tokens.
 */
class GuideExamplesIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String STATIC = """
            entryPoints:
              websecure:
                address: "127.0.0.1:0"
                http:
                  tls: {}
            providers:
              file:
                filename: dynamic.yml
            """;

    static MockOAuth2Server idp;
    static Backend whoami;
    static TestGateway gw;
    static HttpClient client = Http.insecureTls(HttpClient.Version.HTTP_1_1);

    @BeforeAll
    static void start() throws Exception {
        idp = new MockOAuth2Server();
        closing.add(idp::shutdown);
        idp.start(InetAddress.getByName("127.0.0.1"), 0);
        whoami = closing.add(Backend.echo("whoami"));
        gw = closing.add(TestGateway.start(STATIC, """
                http:
                  middlewares:
                    test-jwt:
                      plugin:
                        jwt:
                          signingSecret: "mysuperlongsecret"
                    idp-jwt:
                      plugin:
                        jwt:
                          jwksUrl: %s
                          forwardHeaders:
                            Group: grp
                          claims: Equals(`grp`, `admin`)
                    oauth-jwt:
                      plugin:
                        jwt:
                          jwksUrl: %s
                          wwwAuthenticate: https://api.example.com/.well-known/oauth-protected-resource/mcp-server
                          forwardAuthorization: true
                          forwardHeaders:
                            X-User-ID: sub
                            X-User-Groups: groups
                  routers:
                    my-app:
                      entryPoints: [websecure]
                      rule: Path(`/my-app`)
                      service: whoami
                      middlewares: [test-jwt]
                    my-idp-app:
                      entryPoints: [websecure]
                      rule: Path(`/idp-app`)
                      service: whoami
                      middlewares: [idp-jwt]
                    mcp-server:
                      entryPoints: [websecure]
                      rule: Host(`api.example.com`)
                      service: whoami
                      middlewares: [oauth-jwt]
                  services:
                    whoami:
                      loadBalancer:
                        servers:
                          - url: %s
                """.formatted(idp.jwksUrl("default"), idp.jwksUrl("default"), whoami.url())));
        assertThat(gw.gateway().problems()).isEmpty();
    }


    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.httpsUrl("websecure", path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject backendHeaders(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonObject("headers");
    }

    // ---- Verify a JWT with a secret ----------------------------------------------------------

    @Test
    void secretExampleAcceptsAnHs256TokenAndStripsAuthorization() throws Exception {
        String token = Jose.hs256("mysuperlongsecret", "{\"sub\":\"alice\",\"exp\":" + (Jose.now() + 300) + "}");
        JsonObject headers = backendHeaders(get("/my-app", "Authorization", "Bearer " + token));
        assertThat(headers.containsKey("authorization")).as("forwardAuthorization defaults to false").isFalse();
    }

    @Test
    void secretExampleRejectsWrongSecretMissingAndExpiredTokensWithOneBody() throws Exception {
        HttpResponse<String> wrong = get("/my-app", "Authorization", "Bearer " + Jose.hs256("another-secret", "{\"sub\":\"a\"}"));
        HttpResponse<String> expired = get("/my-app", "Authorization",
                "Bearer " + Jose.hs256("mysuperlongsecret", "{\"sub\":\"a\",\"exp\":" + (Jose.now() - 60) + "}"));
        HttpResponse<String> garbage = get("/my-app", "Authorization", "Bearer not.a.token");
        HttpResponse<String> missing = get("/my-app");
        for (HttpResponse<String> r : List.of(wrong, expired, garbage, missing)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).isEqualTo(missing.body());
        }
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    // ---- Verify a JWT using an Identity Provider ---------------------------------------------

    @Test
    void identityProviderExampleForwardsGroupAndEnforcesClaims() throws Exception {
        String admin = idp.issueToken("default", "client", "api", Map.of("grp", "admin")).serialize();
        JsonObject headers = backendHeaders(get("/idp-app", "Authorization", "Bearer " + admin, "Group", "spoofed"));
        assertThat(headers.getJsonArray("group").getList()).containsExactly("admin");

        String dev = idp.issueToken("default", "client", "api", Map.of("grp", "dev")).serialize();
        HttpResponse<String> forbidden = get("/idp-app", "Authorization", "Bearer " + dev);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"insufficient_scope\"");
    }

    @Test
    void tokenObtainedFromTheIdentityProvidersTokenEndpointIsAccepted() throws Exception {
        HttpResponse<String> tokenResponse = Http.client().send(HttpRequest.newBuilder(idp.tokenEndpointUrl("default").uri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=cli&client_secret=s&scope=api"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tokenResponse.statusCode()).isEqualTo(200);
        String accessToken = new JsonObject(tokenResponse.body()).getString("access_token");
        // No grp claim in a client-credentials token: authenticated, but the claims policy says no.
        assertThat(get("/idp-app", "Authorization", "Bearer " + accessToken).statusCode()).isEqualTo(403);
        // The resource-discovery route has no claims policy: accepted.
        assertThat(get("/", "Host", "api.example.com", "Authorization", "Bearer " + accessToken).statusCode()).isEqualTo(200);
    }

    // ---- JWT with OAuth2 Resource Discovery --------------------------------------------------

    @Test
    void resourceDiscoveryExampleChallengesWithResourceMetadata() throws Exception {
        HttpResponse<String> r = get("/", "Host", "api.example.com");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer resource_metadata=\"https://api.example.com/.well-known/oauth-protected-resource/mcp-server\"");
        HttpResponse<String> bad = get("/", "Host", "api.example.com", "Authorization", "Bearer a.b.c");
        assertThat(bad.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer error=\"invalid_token\", resource_metadata=\"https://api.example.com/.well-known/oauth-protected-resource/mcp-server\"");
    }

    @Test
    void resourceDiscoveryExampleForwardsAuthorizationUserAndGroups() throws Exception {
        String token = idp.issueToken("default", "user-42", "api", Map.of("groups", List.of("readers", "writers"))).serialize();
        JsonObject headers = backendHeaders(get("/", "Host", "api.example.com", "Authorization", "Bearer " + token,
                "X-User-ID", "admin"));
        assertThat(headers.getJsonArray("authorization").getList()).containsExactly("Bearer " + token);
        assertThat(headers.getJsonArray("x-user-id").getList()).containsExactly("user-42");
        assertThat(headers.getJsonArray("x-user-groups").getList()).containsExactly("readers", "writers");
    }
}
