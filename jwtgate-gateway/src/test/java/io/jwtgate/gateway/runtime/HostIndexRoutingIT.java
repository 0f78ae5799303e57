package io.jwtgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Thousands of {@code Host} routers through a running gateway, mixed with the rules the host index
 * cannot file by host (regexp hosts, path-only rules, negations): each request reaches the router Traefik's
 * order picks (priority, then name), whichever part of the index it sits in.
 */
class HostIndexRoutingIT {

    private static final int TENANTS = 3000;

    static Backend a;
    static Backend b;
    static Backend c;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        a = Backend.echo("a");
        b = Backend.echo("b");
        c = Backend.echo("c");
        StringBuilder y = new StringBuilder("http:\n  routers:\n");
        for (int i = 0; i < TENANTS; i++) {
            y.append("    tenant").append(i).append(": {rule: \"Host(`tenant").append(i).append(".example.test`)\", service: ")
                    .append(i % 2 == 0 ? "a" : "b").append("}\n");
        }
        y.append("""
                    vip: {rule: "Host(`tenant8.example.test`) && PathPrefix(`/vip`)", service: b}
                    teens: {rule: "HostRegexp(`^tenant1[0-9]\\\\.example\\\\.test$`)", service: c, priority: 100000}
                    wild: {rule: "Host(`*.wild.example.test`)", service: b}
                    notpath: {rule: "!PathPrefix(`/open`) && Host(`tenant21.example.test`)", service: c, priority: 5}
                    zz-low: {rule: "Host(`tenant4.example.test`)", service: b, priority: 1}
                    catchall: {rule: "PathPrefix(`/`)", service: c, priority: 2}
                    api: {rule: "PathPrefix(`/api/`) || Path(`/api`)", service: b, priority: 3}
                  services:
                    a: {loadBalancer: {servers: [{url: "%s"}]}}
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                    c: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(a.url(), b.url(), c.url()));
        gw = TestGateway.withDynamic(y.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        a.close();
        b.close();
        c.close();
    }

    @ParameterizedTest(name = "{0}{1} -> {2}")
    @CsvSource({
            "tenant0.example.test,      /,        a", // even tenant
            "TENANT2999.Example.TEST:80, /x,      b", // odd tenant; case and port ignored
            "tenant2998.example.test.,  /,        a", // a trailing dot ignored
            "tenant8.example.test,      /vip/1,   b", // the longer rule comes first (default priority: its length)
            "tenant8.example.test,      /other,   a",
            "tenant12.example.test,     /,        c", // the regexp router's priority beats the Host router
            "x.wild.example.test,       /,        b", // a wildcard host
            "x.y.wild.example.test,     /,        c", // a wildcard stands for one label only: falls to the catch-all
            "tenant21.example.test,     /,        b", // the Host router (priority 29, its length) before the negation (priority 5)
            "tenant4.example.test,      /,        a", // same host, priority 1: the tenant router (priority 28) wins
            "unknown.example.test,      /,        c", // no Host router: the catch-all
            "unknown.example.test,      /api/x,   b", // a host-less router filed by path, ahead of the catch-all
            "unknown.example.test,      /api,     b",
            "unknown.example.test,      /apix,    c",
            "tenant0.example.test,      /api/x,   a", // the Host router's priority (28) beats the path router's (3)
    })
    void eachRequestReachesTheRouterTraefiksOrderPicks(String host, String path, String backend) throws Exception {
        HttpResponse<String> response = Http.get(gw.url(path), "Host", host);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"backend\":\"" + backend + "\"");
    }
}
