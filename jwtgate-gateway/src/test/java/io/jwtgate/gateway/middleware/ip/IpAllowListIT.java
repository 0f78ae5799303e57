package io.jwtgate.gateway.middleware.ip;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.RawHttp;
import io.jwtgate.gateway.support.TestGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ipAllowList} and {@code ipWhiteList} through a running gateway. The client is always
 * 127.0.0.1; entry point {@code web} trusts it as a proxy (so its X-Forwarded-For counts, as
 * in Traefik's depth and excludedIPs cases), entry point {@code untrusted} does not.
 */
class IpAllowListIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static TestGateway gw;

    /** Middleware options per name; a router {@code /<name>} on both entry points uses each. */
    static final String[][] MIDDLEWARES = {
            {"peer", "ipAllowList: {sourceRange: [127.0.0.1]}"},
            {"peer-net", "ipAllowList: {sourceRange: [\"127.0.0.0/8\", \"::1\"]}"},
            {"other", "ipAllowList: {sourceRange: [10.0.0.0/8]}"},
            {"other-404", "ipAllowList: {sourceRange: [10.0.0.0/8], rejectStatusCode: 404}"},
            {"depth1", "ipAllowList: {sourceRange: [11.0.0.1], ipStrategy: {depth: 1}}"},
            {"depth2", "ipAllowList: {sourceRange: [10.0.0.1], ipStrategy: {depth: 2}}"},
            {"depth3", "ipAllowList: {sourceRange: [\"0.0.0.0/0\"], ipStrategy: {depth: 3}}"},
            {"excluded", "ipAllowList: {sourceRange: [10.0.0.1], ipStrategy: {excludedIPs: [11.0.0.1]}}"},
            {"excluded-all", "ipAllowList: {sourceRange: [\"0.0.0.0/0\"], ipStrategy: {excludedIPs: [\"10.0.0.0/7\"]}}"},
            {"subnet", "ipAllowList: {sourceRange: [\"2001:db8::\"], ipStrategy: {depth: 1, ipv6Subnet: 64}}"},
            {"legacy", "ipWhiteList: {sourceRange: [127.0.0.1]}"},
    };

    @BeforeAll
    static void start() throws Exception {
        Backend backend = closing.add(Backend.echo("b"));
        StringBuilder yaml = new StringBuilder("http:\n  middlewares:\n");
        for (String[] m : MIDDLEWARES) {
            yaml.append("    ").append(m[0]).append(": {").append(m[1]).append("}\n");
        }
        yaml.append("  routers:\n");
        for (String[] m : MIDDLEWARES) {
            yaml.append("    ").append(m[0]).append(": {rule: \"Path(`/").append(m[0]).append("`)\", service: b, middlewares: [")
                    .append(m[0]).append("]}\n");
        }
        yaml.append("  services:\n    b: {loadBalancer: {servers: [{url: \"").append(backend.url()).append("\"}]}}\n");
        gw = closing.add(TestGateway.builder().web("forwardedHeaders: {trustedIPs: [127.0.0.1]}").entryPoint("untrusted", "")
                .start(yaml.toString()));
        assertThat(gw.gateway().problems()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} XFF=[{2}] -> {3}")
    @CsvSource(delimiter = '|', value = {
            "peer         | web       |                          | 200 |",
            "peer-net     | untrusted |                          | 200 |",
            "other        | web       |                          | 403 | Forbidden",
            "other-404    | web       |                          | 404 | Not Found",
            "other        | web       | 10.0.0.1                 | 403 | Forbidden",
            "depth1       | web       | 10.0.0.1, 11.0.0.1       | 200 |",
            "depth1       | web       | 11.0.0.1, 10.0.0.1       | 403 | Forbidden",
            "depth2       | web       | 10.0.0.1, 11.0.0.1       | 200 |",
            "depth3       | web       | 10.0.0.1, 11.0.0.1       | 403 | Forbidden",
            "depth1       | untrusted | 10.0.0.1, 11.0.0.1       | 403 | Forbidden",
            "excluded     | web       | 10.0.0.1, 11.0.0.1       | 200 |",
            "excluded     | web       | 12.0.0.1, 11.0.0.1       | 403 | Forbidden",
            "excluded-all | web       | 10.0.0.1, 11.0.0.1       | 403 | Forbidden",
            "excluded     | untrusted | 10.0.0.1, 11.0.0.1       | 403 | Forbidden",
            "subnet       | web       | 2001:db8::1234:5678      | 200 |",
            "subnet       | web       | 2001:db8:0:1::1          | 403 | Forbidden",
            "legacy       | web       |                          | 200 |",
    })
    void theClientAddressDecides(String middleware, String entryPoint, String xff, int status, String body) throws Exception {
        String headers = xff == null ? "" : "X-Forwarded-For: " + xff + "\r\n";
        RawHttp.Response r = RawHttp.exchange(gw.gateway().port(entryPoint), "GET /" + middleware + " HTTP/1.1\r\nHost: x\r\n" + headers
                + "Connection: close\r\n\r\n");
        assertThat(r.status()).isEqualTo(status);
        if (body != null) {
            assertThat(r.body()).isEqualTo(body);
        }
    }

    @Test
    void badOptionsAreRefusedAndTheDeprecatedTypeIsWarnedAbout() throws Exception {
        try (TestGateway bad = TestGateway.withDynamic("""
                http:
                  middlewares:
                    empty: {ipAllowList: {sourceRange: []}}
                    status: {ipAllowList: {sourceRange: [127.0.0.1], rejectStatusCode: 999}}
                    subnet: {ipAllowList: {sourceRange: [127.0.0.1], ipStrategy: {ipv6Subnet: 129}}}
                    name: {ipAllowList: {sourceRange: [localhost]}}
                    legacy: {ipWhiteList: {sourceRange: [127.0.0.1], rejectStatusCode: 404}}
                  routers:
                    r: {rule: PathPrefix(`/`), service: s, middlewares: [empty, status, subnet, name, legacy]}
                  services:
                    s: {loadBalancer: {servers: [{url: "http://127.0.0.1:9"}]}}
                """)) {
            assertThat(bad.gateway().problems())
                    .anyMatch(p -> p.contains("http.middlewares.empty.ipAllowList.sourceRange") && p.contains("is empty"))
                    .anyMatch(p -> p.contains("rejectStatusCode") && p.contains("invalid HTTP status code 999"))
                    .anyMatch(p -> p.contains("ipStrategy.ipv6Subnet") && p.contains("invalid IPv6 subnet 129"))
                    .anyMatch(p -> p.contains("'localhost' is neither an IP address nor a CIDR block"));
            assertThat(bad.gateway().warnings()).anyMatch(w -> w.contains("ipWhiteList is deprecated, please use ipAllowList"))
                    .anyMatch(w -> w.contains("http.middlewares.legacy.ipWhiteList.rejectStatusCode") && w.contains("not supported"));
            assertThat(RawHttp.exchange(bad.gateway().port("web"), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status())
                    .isEqualTo(503);
        }
    }
}
