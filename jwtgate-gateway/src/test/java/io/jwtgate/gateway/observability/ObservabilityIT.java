package io.jwtgate.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Prometheus metrics after known traffic, the admin API, ping and readiness. */
class ObservabilityIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String SECRET = "a-32-byte-long-secret-for-tests!";
    static Backend backend;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        backend = closing.add(Backend.echo("b"));
        gw = closing.add(TestGateway.builder()
                .entryPoint("traefik", "")
                .staticYaml("""
                ping:
                  entryPoint: traefik
                metrics:
                  prometheus:
                    addRoutersLabels: true
                api:
                  dashboard: true
                  insecure: true
                """)
                .start("""
                http:
                  middlewares:
                    auth:
                      plugin:
                        jwt:
                          signingSecret: "%s"
                    weird:
                      circuitBreaker: {expression: "NetworkErrorRatio() > 1"}   # invalid: a ratio compares with a float
                  routers:
                    api: {rule: PathPrefix(`/api`), entryPoints: [web], service: b, middlewares: [auth]}
                    open: {rule: PathPrefix(`/open`), entryPoints: [web], service: b}
                    limited: {rule: PathPrefix(`/limited`), entryPoints: [web], service: b, middlewares: [weird]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(SECRET, backend.url())));
    }


    static URI admin(String path) {
        return gw.url("traefik", path);
    }

    @Test
    void metricsCountKnownTrafficByEntryPointRouterServiceAndJwtReason() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(Http.get(gw.url("/open")).statusCode()).isEqualTo(200);
        }
        assertThat(Http.get(gw.url("/api"), "Authorization", "Bearer " + Jose.hs256(SECRET, "{\"sub\":\"m\"}")).statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/api"), "Authorization", "Bearer " + Jose.hs256(SECRET, "{\"exp\":1}")).statusCode()).isEqualTo(401);
        assertThat(Http.get(gw.url("/api")).statusCode()).isEqualTo(401);
        String metrics = scrapeAfterLogging();
        assertThat(value(metrics, "traefik_router_requests_total", "code=\"200\"", "router=\"open@file\"")).isEqualTo(3);
        assertThat(value(metrics, "traefik_router_requests_total", "code=\"401\"", "router=\"api@file\"")).isEqualTo(2);
        assertThat(value(metrics, "traefik_entrypoint_requests_total", "code=\"200\"", "entrypoint=\"web\"")).isGreaterThanOrEqualTo(4);
        assertThat(value(metrics, "traefik_service_request_duration_seconds_count", "service=\"b@file\"")).isGreaterThanOrEqualTo(4);
        assertThat(metrics).contains("traefik_service_request_duration_seconds_bucket");
        assertThat(value(metrics, "jwtgate_jwt_requests_total", "middleware=\"auth@file\"", "reason=\"ALLOWED\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "jwtgate_jwt_requests_total", "middleware=\"auth@file\"", "reason=\"EXPIRED\"")).isEqualTo(1);
        assertThat(value(metrics, "jwtgate_jwt_requests_total", "middleware=\"auth@file\"", "reason=\"MISSING_TOKEN\"")).isEqualTo(1);
        assertThat(metrics).contains("jvm_memory_used_bytes").contains("process_cpu_usage");
    }

    /** Observers run when the response ends; give the last one a moment by scraping until stable. */
    private static String scrapeAfterLogging() throws Exception {
        String previous = "";
        for (int i = 0; i < 50; i++) {
            String now = Http.get(admin("/metrics")).body();
            String counts = now.lines().filter(l -> l.startsWith("jwtgate_jwt") || l.startsWith("traefik_router_requests")).toList().toString();
            if (counts.equals(previous)) {
                return now;
            }
            previous = counts;
            Thread.sleep(20);
        }
        return Http.get(admin("/metrics")).body();
    }

    private static double value(String metrics, String name, String... labels) {
        double sum = 0;
        boolean found = false;
        for (String line : metrics.lines().toList()) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= line.contains(l);
            }
            if (all) {
                Matcher m = Pattern.compile("} ([0-9.eE+-]+)").matcher(line);
                if (m.find()) {
                    sum += Double.parseDouble(m.group(1));
                    found = true;
                }
            }
        }
        assertThat(found).as(name + " with " + String.join(",", labels) + " in\n" + metrics.lines().filter(l -> l.startsWith(name)).toList()).isTrue();
        return sum;
    }

    @Test
    void adminApiListsRoutersWithStatusAndErrorsAndMasksSecrets() throws Exception {
        JsonArray routers = new JsonArray(Http.get(admin("/api/http/routers")).body());
        JsonObject limited = routers.stream().map(JsonObject.class::cast).filter(r -> r.getString("name").equals("limited@file")).findFirst().orElseThrow();
        assertThat(limited.getString("status")).isEqualTo("disabled");
        assertThat(limited.getString("error")).contains("circuitBreaker");
        JsonObject open = new JsonObject(Http.get(admin("/api/http/routers/open@file")).body());
        assertThat(open.getString("status")).isEqualTo("enabled");
        assertThat(open.getString("rule")).isEqualTo("PathPrefix(`/open`)");
        String middlewares = Http.get(admin("/api/http/middlewares")).body();
        assertThat(middlewares).contains("auth@file").doesNotContain(SECRET).contains("***");
        JsonObject overview = new JsonObject(Http.get(admin("/api/overview")).body());
        assertThat(overview.getJsonObject("http").getJsonObject("routers").getInteger("total")).isEqualTo(3);
        assertThat(overview.getJsonObject("http").getJsonObject("routers").getInteger("errors")).isEqualTo(1);
        HttpResponse<String> dashboard = Http.get(admin("/dashboard/"));
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("<title>jwtgate</title>");
        assertThat(Http.get(admin("/api/nope")).statusCode()).isEqualTo(404);
        assertThat(Http.get(gw.url("/api/http/routers")).statusCode()).as("the API is only on its entry point").isEqualTo(401);
    }

    @Test
    void pingAndReadinessAnswerOnTheirEntryPoint() throws Exception {
        assertThat(Http.get(admin("/ping")).body()).isEqualTo("OK");
        assertThat(Http.get(admin("/ready")).statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/ping")).statusCode()).as("not on other entry points").isEqualTo(404);
    }
}
