package io.jwtgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** X-Forwarded-* as Traefik sets them, for a peer whose headers are trusted and for one whose are not. */
class ForwardedHeadersIT {

    private static final String DYNAMIC = """
            http:
              routers:
                r: {rule: PathPrefix(`/`), service: a}
              services:
                a: {loadBalancer: {servers: [{url: "%s"}]}}
            """;

    private static String staticConfig(String forwardedHeaders) {
        return """
                entryPoints:
                  web:
                    address: "127.0.0.1:0"
                %s
                providers:
                  file:
                    filename: dynamic.yml
                """.formatted(forwardedHeaders);
    }

    private static JsonObject forwardedEcho(TestGateway gw) throws Exception {
        var response = Http.get(gw.url("/x"), "X-Forwarded-For", "6.6.6.6", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "evil.example", "X-Forwarded-Port", "8443", "X-Forwarded-Server", "other",
                "X-Forwarded-Prefix", "/evil", "X-Real-Ip", "6.6.6.6", "Forwarded", "for=6.6.6.6");
        assertThat(response.statusCode()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonObject("headers");
    }

    @Test
    void untrustedPeerHeadersAreReplaced() throws Exception {
        try (Backend a = Backend.echo("a");
             TestGateway gw = TestGateway.start(staticConfig(""), DYNAMIC.formatted(a.url()))) {
            JsonObject h = forwardedEcho(gw);
            int port = gw.url("/").getPort();
            assertThat(h.getJsonArray("x-forwarded-for").getList()).containsExactly("127.0.0.1");
            assertThat(h.getJsonArray("x-forwarded-proto").getList()).containsExactly("http");
            assertThat(h.getJsonArray("x-forwarded-host").getList()).containsExactly("127.0.0.1:" + port);
            assertThat(h.getJsonArray("x-forwarded-port").getList()).containsExactly(String.valueOf(port));
            assertThat(h.getJsonArray("x-forwarded-server").getList()).hasSize(1).doesNotContain("other");
            assertThat(h.getJsonArray("x-real-ip").getList()).containsExactly("127.0.0.1");
            assertThat(h.containsKey("x-forwarded-prefix")).isFalse();
            assertThat(h.containsKey("forwarded")).isFalse();
        }
    }

    @Test
    void trustedPeerHeadersAreKeptAndExtended() throws Exception {
        for (String trust : new String[] {"insecure: true", "trustedIPs: [\"127.0.0.0/8\"]"}) {
            try (Backend a = Backend.echo("a");
                 TestGateway gw = TestGateway.start(staticConfig("    forwardedHeaders: {" + trust + "}"),
                         DYNAMIC.formatted(a.url()))) {
                JsonObject h = forwardedEcho(gw);
                assertThat(h.getJsonArray("x-forwarded-for").getList()).as(trust).containsExactly("6.6.6.6, 127.0.0.1");
                assertThat(h.getJsonArray("x-forwarded-proto").getList()).containsExactly("https");
                assertThat(h.getJsonArray("x-forwarded-host").getList()).containsExactly("evil.example");
                assertThat(h.getJsonArray("x-forwarded-port").getList()).containsExactly("8443");
                assertThat(h.getJsonArray("x-forwarded-server").getList()).hasSize(1).doesNotContain("other");
                assertThat(h.getJsonArray("x-forwarded-prefix").getList()).containsExactly("/evil");
                assertThat(h.getJsonArray("x-real-ip").getList()).containsExactly("6.6.6.6");
                assertThat(h.getJsonArray("forwarded").getList()).containsExactly("for=6.6.6.6");
            }
        }
    }

    /** Traefik's {@code addXForwardedSchemeHeaders}: X-Forwarded-Scheme and X-Scheme copy the X-Forwarded-Proto that is sent. */
    @Test
    void schemeHeadersCopyTheForwardedProtoWhenAsked() throws Exception {
        for (String[] c : new String[][] {{"addXForwardedSchemeHeaders: true", "http"},
                {"addXForwardedSchemeHeaders: true, insecure: true", "https"}}) {
            try (Backend a = Backend.echo("a");
                 TestGateway gw = TestGateway.start(staticConfig("    forwardedHeaders: {" + c[0] + "}"), DYNAMIC.formatted(a.url()))) {
                var response = Http.get(gw.url("/x"), "X-Forwarded-Proto", "https", "X-Scheme", "gopher", "X-Forwarded-Scheme", "gopher");
                JsonObject h = new JsonObject(response.body()).getJsonObject("headers");
                assertThat(h.getJsonArray("x-forwarded-proto").getList()).as(c[0]).containsExactly(c[1]);
                assertThat(h.getJsonArray("x-forwarded-scheme").getList()).as(c[0]).containsExactly(c[1]);
                assertThat(h.getJsonArray("x-scheme").getList()).as(c[0]).containsExactly(c[1]);
            }
        }
        try (Backend a = Backend.echo("a");
             TestGateway gw = TestGateway.start(staticConfig(""), DYNAMIC.formatted(a.url()))) {
            JsonObject h = new JsonObject(Http.get(gw.url("/x")).body()).getJsonObject("headers");
            assertThat(h.containsKey("x-forwarded-scheme")).as("off by default, as in Traefik").isFalse();
            assertThat(h.containsKey("x-scheme")).isFalse();
        }
    }

    @Test
    void untrustedWhenTheTrustedRangeDoesNotContainThePeer() throws Exception {
        try (Backend a = Backend.echo("a");
             TestGateway gw = TestGateway.start(staticConfig("    forwardedHeaders: {trustedIPs: [\"10.0.0.0/8\"]}"),
                     DYNAMIC.formatted(a.url()))) {
            JsonObject h = forwardedEcho(gw);
            assertThat(h.getJsonArray("x-forwarded-for").getList()).containsExactly("127.0.0.1");
            assertThat(h.getJsonArray("x-forwarded-proto").getList()).containsExactly("http");
        }
    }
}
