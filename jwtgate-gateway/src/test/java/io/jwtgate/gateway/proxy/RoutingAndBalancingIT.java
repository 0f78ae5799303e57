package io.jwtgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingAndBalancingIT {

    @Test
    void longerRuleWinsByDefaultAndExplicitPriorityOverrides() throws Exception {
        try (Backend a = Backend.echo("a"); Backend b = Backend.echo("b"); Backend c = Backend.echo("c");
             TestGateway gw = TestGateway.withDynamic("""
                     http:
                       routers:
                         short:
                           rule: PathPrefix(`/`)
                           service: a
                         long:
                           rule: PathPrefix(`/api`) && Method(`GET`)
                           service: b
                         pinned:
                           rule: PathPrefix(`/pinned`)
                           priority: 1
                           service: c
                       services:
                         a: {loadBalancer: {servers: [{url: "%s"}]}}
                         b: {loadBalancer: {servers: [{url: "%s"}]}}
                         c: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(a.url(), b.url(), c.url()))) {
            assertThat(backendOf(gw, "/api/x")).isEqualTo("b");
            assertThat(backendOf(gw, "/other")).isEqualTo("a");
            // priority 1 is lower than the catch-all's default (its rule length), so the catch-all wins.
            assertThat(backendOf(gw, "/pinned")).isEqualTo("a");
        }
    }

    @Test
    void roundRobinSpreadsRequestsEvenlyAcrossServers() throws Exception {
        try (Backend a = Backend.echo("a"); Backend b = Backend.echo("b");
             TestGateway gw = TestGateway.withDynamic("""
                     http:
                       routers:
                         r: {rule: PathPrefix(`/`), service: lb}
                       services:
                         lb:
                           loadBalancer:
                             servers:
                               - url: "%s"
                               - url: "%s"
                     """.formatted(a.url(), b.url()))) {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 20; i++) {
                counts.merge(backendOf(gw, "/"), 1, Integer::sum);
            }
            assertThat(counts).containsEntry("a", 10).containsEntry("b", 10);
        }
    }

    @Test
    void forwardsPathQueryBodyAndSetsForwardedHeadersWithoutTrustingTheClient() throws Exception {
        try (Backend a = Backend.echo("a");
             TestGateway gw = TestGateway.proxyingTo(a.url())) {
            var request = java.net.http.HttpRequest.newBuilder(gw.url("/p/q%20r?x=1&y=%2F"))
                    .header("X-Forwarded-For", "6.6.6.6").header("Connection", "keep-alive, X-Hop").header("X-Hop", "secret")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("hello body")).build();
            var response = Http.client().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            JsonObject echo = new JsonObject(response.body());
            assertThat(echo.getString("uri")).isEqualTo("/p/q%20r?x=1&y=%2F");
            assertThat(echo.getString("body")).isEqualTo("hello body");
            JsonObject headers = echo.getJsonObject("headers");
            assertThat(headers.getJsonArray("x-forwarded-for").getList()).containsExactly("127.0.0.1");
            assertThat(headers.getJsonArray("x-forwarded-proto").getList()).containsExactly("http");
            assertThat(headers.getJsonArray("x-real-ip").getList()).containsExactly("127.0.0.1");
            assertThat(headers.containsKey("x-hop")).as("headers named in Connection are hop-by-hop").isFalse();
        }
    }

    @Test
    void hostNamedInConnectionIsStillSentAsTheClientsAuthority() throws Exception {
        try (Backend a = Backend.echo("a");
             TestGateway gw = TestGateway.proxyingTo(a.url())) {
            var response = Http.get(gw.url("/"), "Host", "app.example.test", "Connection", "keep-alive, Host");
            JsonObject headers = new JsonObject(response.body()).getJsonObject("headers");
            assertThat(headers.getJsonArray("host").getList()).containsExactly("app.example.test");
        }
    }

    @Test
    void dropsHopByHopResponseHeadersIncludingThoseTheBackendNamesInConnection() throws Exception {
        try (Backend a = Backend.start(request -> {
                 request.response().headers()
                         .add("Connection", "keep-alive, X-Backend-Hop")
                         .add("X-Backend-Hop", "internal")
                         .add("Keep-Alive", "timeout=5")
                         .add("Proxy-Authenticate", "Basic")
                         .add("X-Kept", "1")
                         .add("x-kept", "2");
                 request.response().end("body");
             });
             TestGateway gw = TestGateway.proxyingTo(a.url())) {
            var response = Http.get(gw.url("/"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("body");
            var headers = response.headers();
            assertThat(headers.firstValue("x-backend-hop")).as("named in Connection").isEmpty();
            assertThat(headers.firstValue("keep-alive")).isEmpty();
            assertThat(headers.firstValue("proxy-authenticate")).isEmpty();
            assertThat(headers.allValues("x-kept")).containsExactly("1", "2");
            assertThat(headers.firstValue("content-length")).contains("4");
        }
    }

    private static String backendOf(TestGateway gw, String path) throws Exception {
        var response = Http.get(gw.url(path));
        assertThat(response.statusCode()).isEqualTo(200);
        return new JsonObject(response.body()).getString("backend");
    }
}
