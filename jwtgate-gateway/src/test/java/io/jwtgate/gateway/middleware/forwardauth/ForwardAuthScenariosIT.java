package io.jwtgate.gateway.middleware.forwardauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.RawHttp;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * forwardAuth in the setups people run: an oauth2-proxy-like login flow, after a path middleware,
 * the user in the access log, a client that leaves while the auth server thinks, and
 * configurations that must not start serving.
 */
class ForwardAuthScenariosIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static Backend backend;
    static Backend oauth2Proxy;
    static AuthServer holding;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        backend = closing.add(Backend.echo("app"));
        // Like oauth2-proxy's /oauth2/auth: 401 without a session, 202 and the user's identity with one (refreshing the cookie).
        oauth2Proxy = closing.add(Backend.start(request -> {
            String cookie = request.getHeader("Cookie");
            if (cookie != null && cookie.contains("_oauth2_proxy=valid")) {
                request.response().setStatusCode(202).putHeader("X-Auth-Request-User", "alice")
                        .putHeader("X-Auth-Request-Email", "alice@example.com")
                        .putHeader("Set-Cookie", "_oauth2_proxy=refreshed; Path=/; HttpOnly; Secure")
                        .putHeader("X-Seen-Uri", String.valueOf(request.getHeader("X-Forwarded-Uri")))
                        .putHeader("X-Seen-Prefix", String.valueOf(request.getHeader("X-Forwarded-Prefix"))).end();
            } else {
                request.response().setStatusCode(401).putHeader("Content-Type", "text/plain").end("Unauthorized");
            }
        }));
        holding = closing.add(new AuthServer(r -> null));
        gw = closing.add(TestGateway.builder().staticYaml("""
                accessLog:
                  filePath: access.log
                  format: json
                """).start("""
                http:
                  middlewares:
                    sso:
                      forwardAuth:
                        address: "%1$s/oauth2/auth"
                        trustForwardHeader: true
                        authResponseHeaders: [X-Auth-Request-User, X-Auth-Request-Email]
                        authResponseHeadersRegex: "^X-Seen-"
                        addAuthCookiesToResponse: [_oauth2_proxy]
                        authSigninURL: "https://app.example/oauth2/start"
                        headerField: X-Auth-Request-User
                        maxResponseBodySize: 4096
                    strip: {stripPrefix: {prefixes: [/api]}}
                    slow: {forwardAuth: {address: "%2$s/auth", trustForwardHeader: false}}
                  routers:
                    app: {rule: PathPrefix(`/app`), service: b, middlewares: [sso]}
                    api: {rule: PathPrefix(`/api`), service: b, middlewares: [strip, sso]}
                    slow: {rule: PathPrefix(`/slow`), service: b, middlewares: [slow]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%3$s"}]}}
                """.formatted("http://127.0.0.1:" + oauth2Proxy.port(), holding.url(), backend.url())));
        assertThat(gw.gateway().problems()).isEmpty();
    }

    @Test
    void withoutASessionTheClientIsSentToTheLoginPage() throws Exception {
        HttpResponse<String> r = Http.get(gw.url("/app/orders"), "X-Auth-Request-User", "mallory");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("https://app.example/oauth2/start");
        assertThat(r.body()).isEqualTo("<a href=\"https://app.example/oauth2/start\">Found</a>.\n\n");
    }

    @Test
    void withASessionTheBackendGetsTheIdentityAndTheClientTheRefreshedCookie() throws Exception {
        HttpResponse<String> r = Http.get(gw.url("/app/orders?page=2"), "Cookie", "_oauth2_proxy=valid",
                "X-Auth-Request-User", "mallory", "X_Auth_Request_User", "mallory");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject headers = new JsonObject(r.body()).getJsonObject("headers");
        assertThat(headers.getJsonArray("x-auth-request-user").getList()).containsExactly("alice");
        assertThat(headers.getJsonArray("x-auth-request-email").getList()).containsExactly("alice@example.com");
        assertThat(headers.containsKey("x_auth_request_user")).as("the underscore variant a CGI backend would read").isFalse();
        assertThat(headers.getJsonArray("x-seen-uri").getList()).containsExactly("/app/orders?page=2");
        assertThat(r.headers().allValues("Set-Cookie")).containsExactly("_oauth2_proxy=refreshed; Path=/; HttpOnly; Secure");
    }

    @Test
    void afterStripPrefixTheAuthServerSeesTheStrippedUriAndThePrefix() throws Exception {
        HttpResponse<String> r = Http.get(gw.url("/api/v1/items"), "Cookie", "_oauth2_proxy=valid");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject seen = new JsonObject(r.body());
        assertThat(seen.getString("uri")).isEqualTo("/v1/items");
        assertThat(seen.getJsonObject("headers").getJsonArray("x-seen-uri").getList()).containsExactly("/v1/items");
        assertThat(seen.getJsonObject("headers").getJsonArray("x-seen-prefix").getList()).containsExactly("/api");
    }

    @Test
    void headerFieldNamesTheUserInTheAccessLog() throws Exception {
        assertThat(Http.get(gw.url("/app/whoami"), "Cookie", "_oauth2_proxy=valid").statusCode()).isEqualTo(200);
        Path log = gw.dir().resolve("access.log");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        List<String> lines = List.of();
        while (Instant.now().isBefore(deadline)) {
            lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            if (lines.stream().anyMatch(l -> l.contains("/app/whoami"))) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(lines).filteredOn(l -> l.contains("/app/whoami"))
                .anySatisfy(l -> assertThat(new JsonObject(l).getString("ClientUsername")).isEqualTo("alice"));
    }

    @Test
    void aClientThatLeavesAbandonsTheAuthRequest() throws Exception {
        CountDownLatch authConnectionClosed = holding.nextClose();
        try (RawHttp client = new RawHttp(gw.gateway().port("web"))) {
            client.send("GET /slow HTTP/1.1\nHost: app.example\n\n");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (holding.received().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(holding.received()).as("the auth server got the request").isNotEmpty();
        }
        // The client is gone: the gateway must give the auth server's connection up, not wait for its answer.
        assertThat(authConnectionClosed.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void badConfigurationsDisableTheirRoutersWithAReason() throws Exception {
        try (TestGateway bad = TestGateway.withDynamic("""
                http:
                  middlewares:
                    none: {forwardAuth: {trustForwardHeader: false}}
                    ftp: {forwardAuth: {address: "ftp://auth.example/"}}
                    crd: {forwardAuth: {address: "https://auth.example/", tls: {caSecret: auth-ca}}}
                    pem: {forwardAuth: {address: "https://auth.example/", tls: {ca: "-----BEGIN CERTIFICATE-----\\nnot base64\\n-----END CERTIFICATE-----\\n"}}}
                    half: {forwardAuth: {address: "https://auth.example/", tls: {cert: "/nonexistent/cert.pem"}}}
                    typo: {forwardAuth: {address: "http://127.0.0.1:1/", trustForwardHeaders: true}}
                  routers:
                    none: {rule: PathPrefix(`/none`), service: b, middlewares: [none]}
                    ftp: {rule: PathPrefix(`/ftp`), service: b, middlewares: [ftp]}
                    crd: {rule: PathPrefix(`/crd`), service: b, middlewares: [crd]}
                    pem: {rule: PathPrefix(`/pem`), service: b, middlewares: [pem]}
                    half: {rule: PathPrefix(`/half`), service: b, middlewares: [half]}
                    typo: {rule: PathPrefix(`/typo`), service: b, middlewares: [typo]}
                    open: {rule: PathPrefix(`/open`), service: b}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(backend.url()))) {
            for (String path : List.of("/none", "/ftp", "/crd", "/pem", "/half")) {
                assertThat(Http.get(bad.url(path)).statusCode()).as(path).isEqualTo(503);
            }
            assertThat(Http.get(bad.url("/open")).statusCode()).isEqualTo(200);
            assertThat(bad.gateway().problems())
                    .anyMatch(p -> p.contains("http.middlewares.none.forwardAuth.address") && p.contains("required"))
                    .anyMatch(p -> p.contains("http.middlewares.ftp.forwardAuth.address") && p.contains("http:// or https://"))
                    .anyMatch(p -> p.contains("http.middlewares.crd.forwardAuth.tls.caSecret") && p.contains("CRD"))
                    .anyMatch(p -> p.contains("http.middlewares.pem.forwardAuth.tls.ca") && p.contains("failed to parse CA"))
                    .anyMatch(p -> p.contains("http.middlewares.half.forwardAuth.tls") && p.contains("file"));
            assertThat(bad.gateway().warnings())
                    .anyMatch(w -> w.contains("http.middlewares.typo.forwardAuth.trustForwardHeaders") && w.contains("trustForwardHeader"))
                    .anyMatch(w -> w.contains("http.middlewares.typo.forwardAuth") && w.contains("maxResponseBodySize is not set"));
        }
    }
}
