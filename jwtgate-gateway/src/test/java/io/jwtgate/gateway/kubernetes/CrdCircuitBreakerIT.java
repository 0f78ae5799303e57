package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code circuitBreaker} in its {@code Middleware} CRD form, used by an IngressRoute: durations as
 * IntOrString (an integer is seconds), {@code responseCode: 0} meaning the default 503 as in
 * Traefik's CRD. A backend answering 500 trips each breaker on its first answer; the fallback is long,
 * so nothing depends on time.
 */
class CrdCircuitBreakerIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String MANIFESTS = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: breaker, namespace: apps}
            spec:
              circuitBreaker:
                expression: ResponseCodeRatio(500, 600, 0, 600) > 0.25 && RequestThreshold() >= 1
                checkPeriod: 1
                fallbackDuration: 10m
                recoveryDuration: 30s
                responseCode: 418
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: defaults, namespace: apps}
            spec:
              circuitBreaker:
                expression: NetworkErrorRatio() > 0.5 || ResponseCodeRatio(500, 600, 0, 600) > 0.5
                fallbackDuration: 600
                responseCode: 0
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: invalid, namespace: apps}
            spec:
              circuitBreaker:
                expression: LatencyAtQuantileMS(50) > 100
            """ + KubeGateway.ingressRoute("""
            - match: PathPrefix(`/teapot`)
              kind: Rule
              middlewares: [{name: breaker}]
              services: [{name: failing, port: 80}]
            - match: PathPrefix(`/default`)
              kind: Rule
              middlewares: [{name: defaults}]
              services: [{name: failing, port: 80}]
            - match: PathPrefix(`/invalid`)
              kind: Rule
              middlewares: [{name: invalid}]
              services: [{name: failing, port: 80}]
            """);

    @Test
    void crdCircuitBreakersTripAsTheirFileForms() throws Exception {
        Backend failing = closing.add(Backend.start(request -> request.response().setStatusCode(500).end("boom")));
        try (KubeGateway gw = KubeGateway.crd(MANIFESTS).service("apps/failing:80", failing.url()).start()) {
            assertThat(gw.gateway.problems()).isNotEmpty().allMatch(p -> p.contains("invalid"))
                    .anyMatch(p -> p.contains("circuitBreaker.expression") && p.contains("quantile of LatencyAtQuantileMS is a float"));

            assertThat(gw.get("/teapot").statusCode()).as("the backend's answer trips it").isEqualTo(500);
            HttpResponse<String> teapot = gw.get("/teapot");
            assertThat(teapot.statusCode()).isEqualTo(418);
            assertThat(teapot.body()).isEqualTo("I'm a teapot");

            assertThat(gw.get("/default").statusCode()).isEqualTo(500);
            HttpResponse<String> unavailable = gw.get("/default");
            assertThat(unavailable.statusCode()).as("responseCode 0: the default").isEqualTo(503);
            assertThat(unavailable.body()).isEqualTo("Service Unavailable");

            assertThat(gw.get("/invalid").statusCode()).as("an invalid expression disables the route").isEqualTo(503);
        }
    }
}
