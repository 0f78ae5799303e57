package io.jwtgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Entry point {@code asDefault} (Traefik v3): routers without entryPoints are served only on the default entry points. */
class DefaultEntryPointsIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String DYNAMIC = """
            http:
              routers:
                anywhere: {rule: PathPrefix(`/a`), service: b}
                admin-only: {rule: PathPrefix(`/admin`), service: b, entryPoints: [admin]}
              services:
                b: {loadBalancer: {servers: [{url: "%s"}]}}
            """;

    @Test
    void routersWithoutEntryPointsGoToTheAsDefaultEntryPointsOnly() throws Exception {
        Backend backend = closing.add(Backend.echo("b"));
        TestGateway gw = closing.add(TestGateway.builder().web("asDefault: true").entryPoint("admin", "").entryPoint("metrics", "")
                .start(DYNAMIC.formatted(backend.url())));
        assertThat(Http.get(gw.url("web", "/a")).statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("admin", "/a")).statusCode()).as("admin is not a default entry point").isEqualTo(404);
        assertThat(Http.get(gw.url("metrics", "/a")).statusCode()).isEqualTo(404);
        assertThat(Http.get(gw.url("admin", "/admin")).statusCode()).as("a router that names its entry point").isEqualTo(200);
        assertThat(gw.configWarnings()).noneMatch(w -> w.contains("asDefault"));
    }

    @Test
    void withoutAsDefaultEveryEntryPointServesThem() throws Exception {
        Backend backend = closing.add(Backend.echo("b"));
        TestGateway gw = closing.add(TestGateway.builder().entryPoint("admin", "").start(DYNAMIC.formatted(backend.url())));
        assertThat(Http.get(gw.url("web", "/a")).statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("admin", "/a")).statusCode()).isEqualTo(200);
    }
}
