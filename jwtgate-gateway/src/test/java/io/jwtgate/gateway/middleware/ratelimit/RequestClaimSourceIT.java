package io.jwtgate.gateway.middleware.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TestGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jwtgate's {@code sourceCriterion.requestClaim}: with a JWT middleware earlier in the chain, the
 * limit follows the token's claim (the authenticated client), whatever address it comes from. One
 * request per hour per source, so no assertion depends on timing.
 */
class RequestClaimSourceIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    private static final String SECRET = "a-32-byte-long-secret-for-tests!";
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        Backend backend = closing.add(Backend.echo("b"));
        gw = closing.add(TestGateway.withDynamic("""
                http:
                  middlewares:
                    jwt: {plugin: {jwt: {signingSecret: "%s"}}}
                    per-client: {rateLimit: {average: 1, period: 1h, sourceCriterion: {requestClaim: sub}}}
                    per-tenant: {rateLimit: {average: 1, period: 1h, sourceCriterion: {requestClaim: tenant.id}}}
                    per-plan: {rateLimit: {average: 1, period: 1h, burst: 2, sourceCriterion: {requestClaim: plan}}}
                  routers:
                    api: {rule: Path(`/api`), service: b, middlewares: [jwt, per-client]}
                    plan: {rule: Path(`/plan`), service: b, middlewares: [jwt, per-plan]}
                    unauthenticated: {rule: Path(`/open`), service: b, middlewares: [per-client]}
                    tenant: {rule: Path(`/tenant`), service: b, middlewares: [jwt, per-tenant]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(SECRET, backend.url())));
        assertThat(gw.gateway().problems()).isEmpty();
    }

    private static String bearer(String payload) {
        return "Bearer " + Jose.hs256(SECRET, payload);
    }

    @Test
    void eachSubjectHasItsOwnLimit() throws Exception {
        String alice = bearer("{\"sub\":\"alice\"}");
        String bob = bearer("{\"sub\":\"bob\"}");
        assertThat(Http.get(gw.url("/api"), "Authorization", alice).statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/api"), "Authorization", alice).statusCode()).as("alice's second request").isEqualTo(429);
        assertThat(Http.get(gw.url("/api"), "Authorization", bob).statusCode()).as("bob has his own limit").isEqualTo(200);
        assertThat(Http.get(gw.url("/api"), "Authorization", "Bearer nonsense").statusCode())
                .as("the JWT middleware runs first: no token, no use of anyone's limit").isEqualTo(401);
    }

    @Test
    void tokensWithoutTheClaimShareOneLimitAndAnArrayClaimIsItsElements() throws Exception {
        assertThat(Http.get(gw.url("/plan"), "Authorization", bearer("{\"sub\":\"x\",\"plan\":[\"gold\",\"eu\"]}")).statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/plan"), "Authorization", bearer("{\"sub\":\"y\",\"plan\":[\"gold\",\"eu\"]}")).statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/plan"), "Authorization", bearer("{\"sub\":\"z\",\"plan\":[\"gold\",\"eu\"]}")).statusCode())
                .as("same plan, burst of 2 used").isEqualTo(429);
        assertThat(Http.get(gw.url("/plan"), "Authorization", bearer("{\"sub\":\"w\"}")).statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/plan"), "Authorization", bearer("{\"sub\":\"v\"}")).statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/plan"), "Authorization", bearer("{\"sub\":\"u\"}")).statusCode())
                .as("no plan claim: one shared source").isEqualTo(429);
    }

    @Test
    void withoutAJwtMiddlewareBeforeItEveryRequestSharesOneLimit() throws Exception {
        assertThat(Http.get(gw.url("/open")).statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/open"), "Authorization", bearer("{\"sub\":\"carol\"}")).statusCode())
                .as("claims are only those a JWT middleware verified, never read from an unverified token").isEqualTo(429);
    }

    @Test
    void aNestedClaimIsReadByItsDottedPath() throws Exception {
        assertThat(Http.get(gw.url("/tenant"), "Authorization", bearer("{\"sub\":\"a\",\"tenant\":{\"id\":\"t1\"}}")).statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/tenant"), "Authorization", bearer("{\"sub\":\"b\",\"tenant\":{\"id\":\"t1\"}}")).statusCode())
                .as("another user of the same tenant").isEqualTo(429);
        assertThat(Http.get(gw.url("/tenant"), "Authorization", bearer("{\"sub\":\"a\",\"tenant\":{\"id\":\"t2\"}}")).statusCode())
                .as("another tenant").isEqualTo(200);
    }
}
