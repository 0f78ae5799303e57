package io.jwtgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Multi-layer routing (routers' {@code parentRefs}) through a running gateway, after Traefik's
 * documented example: a parent authenticates with the JWT middleware and forwards a claim as a
 * header; its children route on that header. Then Traefik's tree checks (ParseRouterTree).
 */
class MultiLayerRoutingIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String SECRET = "multi-layer-routing-test-secret-0123456789";
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Backend admin = closing.add(Backend.echo("admin"));
        Backend user = closing.add(Backend.echo("user"));
        Backend reports = closing.add(Backend.echo("reports"));
        gateway = closing.add(TestGateway.withDynamic("""
                http:
                  routers:
                    api-parent:
                      rule: PathPrefix(`/api`)
                      middlewares: [auth]
                    api-admin:
                      rule: HeaderRegexp(`X-User-Role`, `^admin$`)
                      service: admin
                      parentRefs: [api-parent]
                    api-user:
                      rule: Header(`X-User-Role`, `user`)
                      service: user
                      parentRefs: [api-parent@file]
                    api-reports:                     # an intermediate router with its own middleware
                      rule: PathPrefix(`/api/reports`)
                      middlewares: [tag]
                      parentRefs: [api-parent]
                      priority: 1000
                    api-reports-tagged:
                      rule: Header(`X-Layer`, `reports`)
                      service: reports
                      parentRefs: [api-reports]
                    # Traefik's tree checks: each of these is disabled with its reason
                    orphan: {rule: PathPrefix(`/orphan`), service: user, parentRefs: [nope]}
                    child-with-entry-points: {rule: PathPrefix(`/x`), service: user, parentRefs: [api-parent], entryPoints: [web]}
                    dead-end: {rule: PathPrefix(`/dead`)}
                    both: {rule: PathPrefix(`/both`), service: user}
                    child-of-both: {rule: PathPrefix(`/both`), service: admin, parentRefs: [both]}
                    loop-a: {rule: PathPrefix(`/loop`), service: user, parentRefs: [loop-b]}
                    loop-b: {rule: PathPrefix(`/loop`), parentRefs: [loop-a]}
                  middlewares:
                    auth:
                      plugin:
                        jwt:
                          signingSecret: "%s"
                          forwardHeaders: {X-User-Role: role}
                    tag:
                      headers: {customRequestHeaders: {X-Layer: reports}}
                  services:
                    admin: {loadBalancer: {servers: [{url: "%s"}]}}
                    user: {loadBalancer: {servers: [{url: "%s"}]}}
                    reports: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(SECRET, admin.url(), user.url(), reports.url())));
    }

    private static String token(String role) {
        long now = System.currentTimeMillis() / 1000;
        return Jose.hs256(SECRET, "{\"sub\":\"alice\",\"role\":\"" + role + "\",\"exp\":" + (now + 600) + "}");
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        return Http.get(gateway.url(path), headers);
    }

    private static String backendOf(HttpResponse<String> r) {
        return new JsonObject(r.body()).getString("backend");
    }

    @Test
    void childrenRouteOnTheHeaderTheParentsJwtMiddlewareForwarded() throws Exception {
        HttpResponse<String> asAdmin = get("/api/things", "Authorization", "Bearer " + token("admin"));
        assertThat(asAdmin.statusCode()).isEqualTo(200);
        assertThat(backendOf(asAdmin)).isEqualTo("admin");
        HttpResponse<String> asUser = get("/api/things", "Authorization", "Bearer " + token("user"));
        assertThat(backendOf(asUser)).isEqualTo("user");
    }

    @Test
    void aClientCannotChooseAChildBySendingTheHeaderItself() throws Exception {
        // The JWT middleware sets X-User-Role from the token: the client's own value never reaches the children.
        HttpResponse<String> forged = get("/api/things", "Authorization", "Bearer " + token("user"), "X-User-Role", "admin");
        assertThat(backendOf(forged)).isEqualTo("user");
        HttpResponse<String> noToken = get("/api/things", "X-User-Role", "admin");
        assertThat(noToken.statusCode()).isEqualTo(401);
    }

    @Test
    void noMatchingChildIs404AndTheParentsRefusalComesFirst() throws Exception {
        assertThat(get("/api/things", "Authorization", "Bearer " + token("guest")).statusCode()).isEqualTo(404);
        assertThat(get("/api/things", "Authorization", "Bearer not-a-token").statusCode()).isEqualTo(401);
        assertThat(get("/elsewhere").statusCode()).isEqualTo(404);
    }

    @Test
    void anIntermediateRoutersMiddlewaresShapeWhatItsChildrenSee() throws Exception {
        HttpResponse<String> r = get("/api/reports/q3", "Authorization", "Bearer " + token("user"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(backendOf(r)).isEqualTo("reports");
        assertThat(new JsonObject(r.body()).getJsonObject("headers").getJsonArray("x-layer").getString(0)).isEqualTo("reports");
    }

    @Test
    void invalidTreesAreDisabledWithTraefiksReasonsAndTheRestServes() throws Exception {
        List<String> problems = gateway.gateway().problems();
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("orphan@file is not served: parent router \"nope@file\" does not exist"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("child-with-entry-points@file is not served: non-root router cannot have Entrypoints configuration"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("dead-end@file is not served: router has no service and no child routers"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("both@file is not served: router has both a service and is referenced as a parent"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("loop-a@file is not served: router is not reachable"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("loop-b@file is not served: router is not reachable"));
        assertThat(get("/orphan").statusCode()).isEqualTo(404);
        assertThat(get("/dead").statusCode()).isEqualTo(404);
        assertThat(get("/both").statusCode()).isEqualTo(404);
        assertThat(get("/loop").statusCode()).isEqualTo(404);
    }
}
