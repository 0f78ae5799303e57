package io.jwtgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Routers naming Traefik's internal services. */
class InternalServicesIT {

    @Test
    void noopAnswers418AndCarriesARedirectRouterApiAtInternalIsExplained() throws Exception {
        try (TestGateway gw = TestGateway.withDynamic("""
                http:
                  middlewares:
                    to-https: {redirectScheme: {scheme: https, permanent: true}}
                  routers:
                    redirect: {rule: PathPrefix(`/r`), service: noop@internal, middlewares: [to-https]}
                    bare: {rule: PathPrefix(`/noop`), service: noop@internal}
                    dashboard: {rule: PathPrefix(`/dashboard`), service: api@internal}
                    typo: {rule: PathPrefix(`/typo`), service: nope@internal}
                """)) {
            HttpResponse<String> r = Http.get(gw.url("/r/x?q=1"));
            assertThat(r.statusCode()).isEqualTo(301);
            assertThat(r.headers().firstValue("Location")).hasValue("https://127.0.0.1/r/x?q=1"); // the port is the option's (none: the default)
            HttpResponse<String> noop = Http.get(gw.url("/noop"));
            assertThat(noop.statusCode()).isEqualTo(418);
            assertThat(noop.body()).isEmpty();
            assertThat(Http.get(gw.url("/dashboard")).statusCode()).isEqualTo(503);
            assertThat(gw.gateway().problems())
                    .anyMatch(p -> p.contains("router dashboard@file") && p.contains("api@internal") && p.contains("traefik` entry point"))
                    .anyMatch(p -> p.contains("unknown internal service nope@internal"))
                    .noneMatch(p -> p.contains("redirect@file") || p.contains("bare@file"));
        }
    }
}
