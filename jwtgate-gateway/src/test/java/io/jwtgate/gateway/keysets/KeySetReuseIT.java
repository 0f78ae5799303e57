package io.jwtgate.gateway.keysets;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.JwksServer;
import io.jwtgate.gateway.support.TestGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A reload rebuilds only what changed: JWT middlewares whose definition is the same keep their key
 * sets (no second fetch from the key-set server), a middleware whose options changed is rebuilt and
 * fetches once, and requests keep being verified throughout.
 */
class KeySetReuseIT {

    private static final int MIDDLEWARES = 20;
    private static final int TENANTS = 200;

    private static final String STATIC = """
            entryPoints:
              web:
                address: "127.0.0.1:0"
            providers:
              providersThrottleDuration: 50ms
              file:
                filename: dynamic.yml
                watch: true
            """;

    /** Tenant i: {@code Host(`tenant<i>.example.test`)} behind {@code jwt<i % 20>}, whose key set is {@code /keys<m>}; {@code extra} adds routers. */
    private static String dynamic(JwksServer jwks, Backend backend, String extraRouters, String firstMiddlewareOptions) {
        StringBuilder y = new StringBuilder("http:\n  routers:\n").append(extraRouters);
        for (int i = 0; i < TENANTS; i++) {
            y.append("    tenant").append(i).append(": {rule: \"Host(`tenant").append(i).append(".example.test`)\", service: s, middlewares: [jwt")
                    .append(i % MIDDLEWARES).append("]}\n");
        }
        y.append("  middlewares:\n");
        for (int m = 0; m < MIDDLEWARES; m++) {
            y.append("    jwt").append(m).append(": {plugin: {jwt: {jwksUrl: \"").append(jwks.url("/keys" + m)).append('"')
                    .append(m == 0 ? firstMiddlewareOptions : "").append("}}}\n");
        }
        y.append("  services:\n    s: {loadBalancer: {servers: [{url: \"").append(backend.url()).append("\"}]}}\n");
        return y.toString();
    }

    @Test
    void aReloadThatChangesOneRouterFetchesNoKeySetAndOneChangedMiddlewareFetchesOnce() throws Exception {
        try (JwksServer jwks = new JwksServer(); Backend backend = Backend.echo("b")) {
            for (int m = 0; m < MIDDLEWARES; m++) {
                jwks.answer("/keys" + m, 200, JwksServer.set(JwksServer.jwk(JwksServer.GOOD, "k")));
            }
            String token = "Bearer " + JwksServer.token(JwksServer.GOOD, "k");
            try (TestGateway gw = TestGateway.start(STATIC, dynamic(jwks, backend, "", ""))) {
                await(() -> allFetchedOnce(jwks), "every key set fetched once at load");
                assertThat(status(gw, "tenant3.example.test", token)).isEqualTo(200);
                assertThat(status(gw, "tenant3.example.test", "Bearer not-a-token")).isEqualTo(401);

                // An unrelated router is added: every middleware is reused, no key set is fetched again.
                gw.rewriteDynamic(dynamic(jwks, backend, "    added: {rule: \"Host(`added.example.test`)\", service: s}\n", ""));
                await(() -> status(gw, "added.example.test", null) == 200, "the added router served");
                for (int i = 0; i < MIDDLEWARES; i++) {
                    assertThat(status(gw, "tenant" + i + ".example.test", token)).as("tenant %d", i).isEqualTo(200);
                }
                assertThat(allFetchedOnce(jwks)).as("fetches per key set after the reload: %s", hits(jwks)).isTrue();

                // jwt0's options change: it alone is rebuilt, and its key set fetched once more.
                gw.rewriteDynamic(dynamic(jwks, backend, "    added: {rule: \"Host(`added.example.test`)\", service: s}\n",
                        ", forwardAuthorization: true"));
                await(() -> jwks.hits("/keys0") == 2, "the changed middleware's key set fetched again");
                assertThat(status(gw, "tenant0.example.test", token)).isEqualTo(200);
                for (int m = 1; m < MIDDLEWARES; m++) {
                    assertThat(jwks.hits("/keys" + m)).as("fetches of /keys%d", m).isEqualTo(1);
                }
            }
        }
    }

    private static boolean allFetchedOnce(JwksServer jwks) {
        for (int m = 0; m < MIDDLEWARES; m++) {
            if (jwks.hits("/keys" + m) != 1) {
                return false;
            }
        }
        return true;
    }

    private static String hits(JwksServer jwks) {
        StringBuilder b = new StringBuilder();
        for (int m = 0; m < MIDDLEWARES; m++) {
            b.append(m).append('=').append(jwks.hits("/keys" + m)).append(' ');
        }
        return b.toString();
    }

    private static int status(TestGateway gw, String host, String authorization) {
        try {
            return authorization == null ? Http.get(gw.url("/"), "Host", host).statusCode()
                    : Http.get(gw.url("/"), "Host", host, "Authorization", authorization).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(25);
        }
    }
}
