package io.jwtgate.gateway.security;

import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.RecordingBackend;
import io.jwtgate.gateway.support.TestGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The setup of the HTTP-layer security tests (issue 12): a router {@code PathPrefix(`/admin`)}
 * behind the JWT middleware with {@code forwardHeaders X-User: sub}, and a catch-all public router
 * without it, both sending to the same {@link RecordingBackend}. Entry points: {@code web} (plain
 * HTTP/1.x) and {@code websecure} (TLS, HTTP/2 through ALPN). The backend pool is kept small so that
 * a leaked backend connection shows as a route that stops answering.
 */
final class ProtectedAndPublicRoutes implements AutoCloseable {

    static final String SECRET = "http-layer-secret-0123456789abcdef";

    final RecordingBackend backend;
    final TestGateway gateway;

    ProtectedAndPublicRoutes() throws Exception {
        this("", "");
    }

    /**
     * @param webExtra extra YAML for entry point {@code web} (e.g. {@code http: {underscoreHeadersStrategy: delete}})
     * @param jwtExtra extra JWT options, indented by 10 (e.g. {@code tokenKey: jwt})
     */
    ProtectedAndPublicRoutes(String webExtra, String jwtExtra) throws Exception {
        backend = new RecordingBackend();
        gateway = TestGateway.builder()
                .web(webExtra)
                .entryPoint("websecure", "http: {tls: {}}")
                .staticYaml("serversTransport: {maxIdleConnsPerHost: 8, forwardingTimeouts: {dialTimeout: 5s}}")
                .start("""
                http:
                  middlewares:
                    jwt:
                      plugin:
                        jwt:
                          signingSecret: %s
                          forwardHeaders:
                            X-User: sub
                %s
                  routers:
                    admin:
                      rule: PathPrefix(`/admin`)
                      entryPoints: [web]
                      middlewares: [jwt]
                      service: shared
                    admin-tls:
                      rule: PathPrefix(`/admin`)
                      entryPoints: [websecure]
                      middlewares: [jwt]
                      service: shared
                      tls: {}
                    public:
                      rule: PathPrefix(`/`)
                      entryPoints: [web]
                      service: shared
                    public-tls:
                      rule: PathPrefix(`/`)
                      entryPoints: [websecure]
                      service: shared
                      tls: {}
                  services:
                    shared:
                      loadBalancer:
                        servers:
                          - url: "%s"
                """.formatted(SECRET, jwtExtra, backend.url()));
        if (!gateway.gateway().problems().isEmpty()) {
            throw new IllegalStateException("fixture configuration has problems: " + gateway.gateway().problems());
        }
    }

    int webPort() {
        return gateway.gateway().port("web");
    }

    int tlsPort() {
        return gateway.gateway().port("websecure");
    }

    /** A valid token whose {@code sub} becomes X-User at the backend. */
    static String token(String sub) {
        return Jose.hs256(SECRET, "{\"sub\":\"" + sub + "\",\"exp\":" + (Jose.now() + 600) + "}");
    }

    int backendRequests() {
        return backend.requests().size();
    }

    /** Waits (bounded) for a condition the backend reaches asynchronously. */
    static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        backend.close();
    }
}
