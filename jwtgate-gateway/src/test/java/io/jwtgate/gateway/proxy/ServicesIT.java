package io.jwtgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Traefik's services through a running gateway with real backends: wrr table, sticky cookies, mirroring, failover. */
class ServicesIT {

    static Stream<JsonNode> wrrCases() throws Exception {
        JsonNode cases = new ObjectMapper(new YAMLFactory()).readTree(ServicesIT.class.getResourceAsStream("/proxy/wrr-cases.yaml"));
        List<JsonNode> out = new ArrayList<>();
        cases.forEach(out::add);
        return out.stream();
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("wrrCases")
    void traefiksWrrTable(JsonNode c) throws Exception {
        List<Backend> backends = new ArrayList<>();
        StringBuilder servers = new StringBuilder();
        try {
            for (var e : (Iterable<Map.Entry<String, JsonNode>>) c.get("servers")::fields) {
                Backend b = Backend.echo(e.getKey());
                backends.add(b);
                servers.append("{url: \"").append(b.url()).append("\", weight: ").append(e.getValue().asInt()).append("}, ");
            }
            try (TestGateway gw = TestGateway.withDynamic("""
                    http:
                      routers: {r: {rule: PathPrefix(`/`), service: s}}
                      services: {s: {loadBalancer: {servers: [%s]}}}
                    """.formatted(servers))) {
                List<String> sequence = new ArrayList<>();
                Map<String, Integer> counts = new LinkedHashMap<>();
                for (int i = 0; i < c.get("requests").asInt(); i++) {
                    HttpResponse<String> r = Http.get(gw.url("/x"));
                    if (c.has("status")) {
                        assertThat(r.statusCode()).as(c.get("desc").asText()).isEqualTo(c.get("status").asInt());
                        continue;
                    }
                    String name = new JsonObject(r.body()).getString("backend");
                    sequence.add(name);
                    counts.merge(name, 1, Integer::sum);
                }
                if (c.has("counts")) {
                    Map<String, Integer> expected = new LinkedHashMap<>();
                    c.get("counts").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asInt()));
                    assertThat(counts).as(c.get("desc").asText()).isEqualTo(expected);
                }
                if (c.has("sequence")) {
                    List<String> expected = new ArrayList<>();
                    c.get("sequence").forEach(n -> expected.add(n.asText()));
                    assertThat(sequence).as(c.get("desc").asText()).isEqualTo(expected);
                }
            }
        } finally {
            for (Backend b : backends) {
                b.close();
            }
        }
    }

    private static String traefikCookieValue(String url) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d).substring(0, 16);
    }

    private static HttpResponse<String> get(URI uri, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return Http.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** TestSticky / TestWriteStickyCookie: the cookie's attributes, its value in Traefik's format, the round trip, the fallback. */
    @Test
    void stickyCookieRoundTrip() throws Exception {
        try (Backend a = Backend.echo("a"); Backend b = Backend.echo("b");
             TestGateway gw = TestGateway.withDynamic("""
                     http:
                       routers: {r: {rule: PathPrefix(`/`), service: s}, d: {rule: PathPrefix(`/derived`), service: derived}}
                       services:
                         s:
                           loadBalancer:
                             sticky: {cookie: {name: test, secure: true, httpOnly: true, sameSite: none, maxAge: 42, path: /foo, domain: foo.com}}
                             servers: [{url: "%s"}, {url: "%s"}]
                         derived:
                           loadBalancer:
                             sticky: {cookie: {}}
                             servers: [{url: "%s"}]
                     """.formatted(a.url(), b.url(), a.url()))) {
            HttpResponse<String> first = get(gw.url("/x"), null);
            String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
            String backend = new JsonObject(first.body()).getString("backend");
            String url = backend.equals("a") ? a.url() : b.url();
            assertThat(setCookie).isEqualTo("test=" + traefikCookieValue(url)
                    + "; Path=/foo; Domain=foo.com; Max-Age=42; HttpOnly; Secure; SameSite=None");
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> again = get(gw.url("/x"), "test=" + traefikCookieValue(url));
                assertThat(new JsonObject(again.body()).getString("backend")).as("sticks").isEqualTo(backend);
                assertThat(again.headers().firstValue("Set-Cookie")).as("a current cookie is not rewritten").isEmpty();
            }
            // A Traefik-minted cookie for the other server (computed here, never seen from the gateway) routes there.
            String other = backend.equals("a") ? "b" : "a";
            String otherUrl = other.equals("a") ? a.url() : b.url();
            assertThat(new JsonObject(get(gw.url("/x"), "test=" + traefikCookieValue(otherUrl)).body()).getString("backend")).isEqualTo(other);
            // The older raw-URL format is accepted and rewritten (TestSticky_StickyHandler "Raw previous cookie").
            HttpResponse<String> raw = get(gw.url("/x"), "test=" + otherUrl);
            assertThat(new JsonObject(raw.body()).getString("backend")).isEqualTo(other);
            assertThat(raw.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("test=" + traefikCookieValue(otherUrl) + ";");
            // A cookie naming no server falls back to the balancer and gets a new cookie.
            HttpResponse<String> unknown = get(gw.url("/x"), "test=0123456789abcdef");
            assertThat(unknown.statusCode()).isEqualTo(200);
            assertThat(unknown.headers().firstValue("Set-Cookie")).isPresent();
            // No name: Traefik's derived name, "_" + SHA-1("_TRAEFIK_BACKEND_derived@file")[:5].
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest("_TRAEFIK_BACKEND_derived@file".getBytes(StandardCharsets.UTF_8));
            assertThat(get(gw.url("/derived"), null).headers().firstValue("Set-Cookie").orElseThrow())
                    .startsWith(("_" + HexFormat.of().formatHex(sha1)).substring(0, 6) + "=");
        }
    }

    @Test
    void cookieNamesAsTraefik() {
        // pkg/server/cookie/cookie_test.go TestGetName, Test_sanitizeName, TestGenerateName
        assertThat(StickyCookie.cookieName("", "/my/BACKEND-v1.0~rc1")).isEqualTo("_5f7bc");
        assertThat(StickyCookie.cookieName("/my/BACKEND-v1.0~rc1", "")).isEqualTo("_my_BACKEND-v1.0~rc1");
        assertThat(StickyCookie.cookieName("cookie", "backend")).isEqualTo("cookie");
        assertThat(StickyCookie.cookieName("!#$%&'()*+-./:<=>?@[]^_`{|}~", "")).isEqualTo("!#$%&'__*+-._________^_`_|_~");
        assertThat(StickyCookie.cookieName("", "backend")).isEqualTo("_76eb3");
    }

    @Test
    void mirrorGetsACopyWhileTheClientGetsTheMainAnswer() throws Exception {
        List<String> mirrored = new CopyOnWriteArrayList<>();
        try (Backend main = Backend.echo("main");
             Backend mirror = Backend.start(req -> req.body().onSuccess(body -> {
                 mirrored.add(req.method() + " " + req.uri() + " " + body);
                 req.response().setStatusCode(500).end("mirror answer, dropped");
             }));
             TestGateway gw = TestGateway.withDynamic("""
                     http:
                       routers: {r: {rule: PathPrefix(`/`), service: m}}
                       services:
                         m: {mirroring: {service: main, mirrors: [{name: copy, percent: 100}], maxBodySize: 10}}
                         main: {loadBalancer: {servers: [{url: "%s"}]}}
                         copy: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(main.url(), mirror.url()))) {
            HttpResponse<String> r = Http.client().send(HttpRequest.newBuilder(gw.url("/post?q=1"))
                    .POST(HttpRequest.BodyPublishers.ofString("small")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(r.body()).getString("backend")).isEqualTo("main");
            assertThat(new JsonObject(r.body()).getString("body")).isEqualTo("small");
            await(() -> mirrored.size() == 1);
            assertThat(mirrored).containsExactly("POST /post?q=1 small");
            // Larger than maxBodySize: served by the main service, not mirrored.
            HttpResponse<String> big = Http.client().send(HttpRequest.newBuilder(gw.url("/big"))
                    .POST(HttpRequest.BodyPublishers.ofString("a body over ten bytes")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(new JsonObject(big.body()).getString("body")).isEqualTo("a body over ten bytes");
            Http.get(gw.url("/marker"));
            await(() -> mirrored.size() == 2);
            assertThat(mirrored.get(1)).as("the next mirrored request is the marker").startsWith("GET /marker");
        }
    }

    @Test
    void failoverWhenTheMainServersAreUnhealthyAndBack() throws Exception {
        AtomicBoolean sick = new AtomicBoolean(false);
        try (Backend main = Backend.start(req -> {
                 if (req.path().equals("/health")) {
                     req.response().setStatusCode(sick.get() ? 503 : 200).end();
                 } else {
                     req.response().end("{\"backend\":\"main\"}");
                 }
             });
             Backend fallback = Backend.echo("fallback");
             TestGateway gw = TestGateway.withDynamic("""
                     http:
                       routers: {r: {rule: PathPrefix(`/`), service: f}, e: {rule: Path(`/health`), service: fe}}
                       services:
                         f: {failover: {service: main, fallback: spare}}
                         fe: {failover: {service: plain, fallback: spare, errors: {status: ["500-599"]}}}
                         main: {loadBalancer: {healthCheck: {path: /health, interval: 100ms, timeout: 1s}, servers: [{url: "%s"}]}}
                         plain: {loadBalancer: {servers: [{url: "%s"}]}}
                         spare: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(main.url(), main.url(), fallback.url()))) {
            assertThat(backendOf(gw, "/x")).isEqualTo("main");
            sick.set(true);
            await(() -> backendOf(gw, "/x").equals("fallback"));
            sick.set(false);
            await(() -> backendOf(gw, "/x").equals("main"));
            // errors.status: the main answer (the health endpoint's 503 while sick) is dropped, the fallback answers.
            sick.set(true);
            HttpResponse<String> r = Http.get(gw.url("/health"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(r.body()).getString("backend")).isEqualTo("fallback");
            sick.set(false);
            HttpResponse<String> healthy = Http.get(gw.url("/health"));
            assertThat(healthy.statusCode()).isEqualTo(200);
            assertThat(healthy.body()).as("the main answer").isEmpty();
        }
    }

    private static String backendOf(TestGateway gw, String path) throws Exception {
        HttpResponse<String> r = Http.get(gw.url(path));
        return r.statusCode() == 200 ? new JsonObject(r.body()).getString("backend") : String.valueOf(r.statusCode());
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check check) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!check.ok()) {
            assertThat(Instant.now()).as("condition within 10 s").isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
