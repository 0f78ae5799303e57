package io.jwtgate.gateway.middleware.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.RedisCluster;
import io.jwtgate.gateway.support.TestGateway;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Both Redis stores against a real three-node Redis Cluster: several {@code endpoints} (Traefik,
 * go-redis's universal client) or {@code cluster: {}} with one seed (Traefik Hub) select cluster
 * mode; each bucket lives on the node owning its key's slot.
 */
class RedisClusterRateLimitIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    @Test
    void bucketsAreSpreadOverTheNodesAndStillLimit() throws Exception {
        RedisCluster cluster = closing.add(RedisCluster.start(3));
        Backend backend = closing.add(Backend.echo("b"));
        List<String> endpoints = cluster.nodes().stream().map(n -> "\"" + n.endpoint() + "\"").toList();
        try (TestGateway gw = TestGateway.withDynamic("""
                http:
                  middlewares:
                    traefik: {rateLimit: {average: 1, period: 1h, sourceCriterion: {requestHeaderName: X-Key}, redis: {endpoints: %1$s, db: 0}}}
                    hub: {plugin: {distributedRateLimit: {limit: 1, period: 1h, sourceCriterion: {requestHeaderName: X-Key},
                          store: {redis: {endpoints: ["%2$s"], cluster: {}}}}}}
                  routers:
                    traefik: {rule: Path(`/traefik`), service: b, middlewares: [traefik]}
                    hub: {rule: Path(`/hub`), service: b, middlewares: [hub]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%3$s"}]}}
                """.formatted(endpoints, cluster.nodes().getFirst().endpoint(), backend.url()))) {
            assertThat(gw.gateway().problems()).isEmpty();
            for (int i = 0; i < 12; i++) {
                for (String path : new String[] {"/traefik", "/hub"}) {
                    assertThat(Http.get(gw.url(path), "X-Key", "k" + i).statusCode()).as(path + " k" + i).isEqualTo(200);
                    assertThat(Http.get(gw.url(path), "X-Key", "k" + i).statusCode()).as(path + " k" + i).isEqualTo(429);
                }
            }
            for (String middleware : new String[] {"traefik", "hub"}) {
                List<Integer> perNode = cluster.keysPerNode("rate:" + middleware + "@file:*");
                assertThat(perNode.stream().mapToInt(Integer::intValue).sum()).as(middleware).isEqualTo(12);
                assertThat(perNode).as(middleware + ": keys on more than one node").filteredOn(n -> n > 0).hasSizeGreaterThan(1);
            }
        }
    }
}
