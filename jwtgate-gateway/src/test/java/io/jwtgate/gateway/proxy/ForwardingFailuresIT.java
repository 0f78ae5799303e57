package io.jwtgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.middleware.MiddlewareType;
import io.jwtgate.gateway.support.RawHttp;
import io.jwtgate.gateway.support.RecordingBackend;
import io.jwtgate.gateway.support.TestGateway;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request the HTTP client refuses to send (here: a middleware with a bug that sets a header value
 * with CR/LF) is answered 502 and its pooled backend connection released: with 4 connections per
 * event loop, 12 such requests would otherwise stop the route.
 */
class ForwardingFailuresIT {

    @Test
    void anExceptionWhileSendingAnswers502AndReleasesTheConnection() throws Exception {
        MiddlewareType buggy = (config, ctx) -> (Middleware) (exchange, next) -> {
            exchange.upstream().headers().add("X-Bug", "a\r\nX-Injected: 1");
            next.proceed();
        };
        try (RecordingBackend backend = new RecordingBackend();
             TestGateway gw = TestGateway.builder()
                     .staticYaml("""
                     serversTransport:
                       maxIdleConnsPerHost: 4
                     """)
                     .types(Map.of("testBuggy", buggy))
                     .start("""
                     http:
                       middlewares:
                         bug:
                           testBuggy: {}
                       routers:
                         broken: {rule: PathPrefix(`/broken`), middlewares: [bug], service: b}
                         fine: {rule: PathPrefix(`/`), service: b}
                       services:
                         b: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(backend.url()))) {
            int port = gw.gateway().port("web");
            for (int i = 0; i < 12; i++) {
                assertThat(RawHttp.exchange(port, "GET /broken HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(502);
            }
            for (int i = 0; i < 8; i++) {
                assertThat(RawHttp.exchange(port, "GET /fine HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            }
            assertThat(backend.rawBytes()).doesNotContain("X-Injected");
            assertThat(backend.requests()).hasSize(8);
        }
    }

    @Test
    void aHeadersMiddlewareWithAControlCharacterIsAConfigurationErrorAndFailsClosed() throws Exception {
        try (RecordingBackend backend = new RecordingBackend();
             TestGateway gw = TestGateway.withDynamic("""
                     http:
                       middlewares:
                         bad:
                           headers:
                             customRequestHeaders: {X-Bad: "a\\r\\nX-Injected: 1"}
                       routers:
                         r: {rule: PathPrefix(`/`), middlewares: [bad], service: b}
                       services:
                         b: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(backend.url()))) {
            assertThat(gw.gateway().problems()).anySatisfy(p -> assertThat(p)
                    .contains("http.middlewares.bad.headers.customRequestHeaders.X-Bad").contains("control character"));
            assertThat(RawHttp.exchange(gw.gateway().port("web"), "GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(503);
            assertThat(backend.requests()).isEmpty();
        }
    }
}
