package io.jwtgate.gateway.middleware.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.RedisServer;
import io.jwtgate.gateway.support.TempDirs;
import io.jwtgate.gateway.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code tls} options of both Redis stores against a {@code redis-server} that speaks only TLS
 * and requires a client certificate: the server's certificate is checked (CA and host name), the
 * client certificate is presented, and {@code insecureSkipVerify} skips the check.
 */
class RedisTlsIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static Backend backend;
    static RedisServer redis;
    static Path dir;
    static TlsCertificates.PemPair server;
    static TlsCertificates.PemPair client;

    @BeforeAll
    static void start() throws Exception {
        dir = TempDirs.create("redis-tls");
        closing.add(() -> TempDirs.delete(dir));
        server = SelfSignedCertificate.generate("redis.test", "redis.test");
        client = SelfSignedCertificate.generate("gateway", "gateway.test");
        Files.writeString(dir.resolve("server.pem"), server.certificatePem());
        Files.writeString(dir.resolve("server.key"), server.keyPem());
        Files.writeString(dir.resolve("client.pem"), client.certificatePem());
        Files.writeString(dir.resolve("client.key"), client.keyPem());
        redis = closing.add(RedisServer.startTls("--tls-cert-file", dir.resolve("server.pem").toString(),
                "--tls-key-file", dir.resolve("server.key").toString(), "--tls-ca-cert-file", dir.resolve("client.pem").toString(),
                "--tls-auth-clients", "yes"));
        backend = closing.add(Backend.echo("b"));
    }

    @Test
    void verifiedServerAndClientCertificate() throws Exception {
        String clientTls = "cert: \"%s\", key: \"%s\"".formatted(dir.resolve("client.pem"), dir.resolve("client.key"));
        String inlineCa = server.certificatePem().replace("\n", "\\n");
        try (TestGateway gw = TestGateway.withDynamic("""
                http:
                  middlewares:
                    verified: {rateLimit: {average: 1, period: 1h, redis: {endpoints: ["%1$s"], tls: {ca: "%2$s", %3$s}}}}
                    hub: {plugin: {distributedRateLimit: {limit: 1, period: 1h, store: {redis: {endpoints: ["%1$s"], tls: {ca: "%4$s", %3$s}}}}}}
                    skip: {rateLimit: {average: 1, period: 1h, redis: {endpoints: ["localhost:%5$d"], tls: {insecureSkipVerify: true, %3$s}}}}
                    wrong-name: {rateLimit: {average: 1, period: 1h, redis: {endpoints: ["localhost:%5$d"], tls: {ca: "%2$s", %3$s}}}}
                    wrong-ca: {rateLimit: {average: 1, period: 1h, redis: {endpoints: ["%1$s"], tls: {ca: "%6$s", %3$s}}}}
                    no-client-cert: {rateLimit: {average: 1, period: 1h, redis: {endpoints: ["%1$s"], tls: {ca: "%2$s"}}}}
                    plain: {rateLimit: {average: 1, period: 1h, redis: {endpoints: ["%1$s"], readTimeout: 1s}}}
                  routers:
                    verified: {rule: Path(`/verified`), service: b, middlewares: [verified]}
                    hub: {rule: Path(`/hub`), service: b, middlewares: [hub]}
                    skip: {rule: Path(`/skip`), service: b, middlewares: [skip]}
                    wrong-name: {rule: Path(`/wrong-name`), service: b, middlewares: [wrong-name]}
                    wrong-ca: {rule: Path(`/wrong-ca`), service: b, middlewares: [wrong-ca]}
                    no-client-cert: {rule: Path(`/no-client-cert`), service: b, middlewares: [no-client-cert]}
                    plain: {rule: Path(`/plain`), service: b, middlewares: [plain]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%7$s"}]}}
                """.formatted(redis.endpoint(), dir.resolve("server.pem"), clientTls, inlineCa, redis.port(),
                dir.resolve("client.pem"), backend.url()))) {
            assertThat(gw.gateway().problems()).isEmpty();
            assertThat(Http.get(gw.url("/verified")).statusCode()).isEqualTo(200);
            assertThat(Http.get(gw.url("/verified")).statusCode()).isEqualTo(429);
            assertThat(Http.get(gw.url("/hub")).statusCode()).as("CA given as PEM content").isEqualTo(200);
            assertThat(Http.get(gw.url("/hub")).statusCode()).isEqualTo(429);
            assertThat(Http.get(gw.url("/skip")).statusCode()).isEqualTo(200);
            assertThat(Http.get(gw.url("/skip")).statusCode()).isEqualTo(429);
            assertThat(Http.get(gw.url("/wrong-name")).statusCode()).as("certificate is for redis.test and 127.0.0.1, not localhost")
                    .isEqualTo(500);
            assertThat(Http.get(gw.url("/wrong-ca")).statusCode()).isEqualTo(500);
            assertThat(Http.get(gw.url("/no-client-cert")).statusCode()).isEqualTo(500);
            assertThat(Http.get(gw.url("/plain")).statusCode()).as("plain TCP to a TLS port").isEqualTo(500);
        }
    }

    @Test
    void unreadableTlsMaterialIsAConfigurationError() throws Exception {
        Path notPem = dir.resolve("not.pem");
        Files.writeString(notPem, "not a certificate");
        try (TestGateway bad = TestGateway.withDynamic("""
                http:
                  middlewares:
                    bad-ca: {rateLimit: {average: 1, redis: {tls: {ca: "%1$s"}}}}
                    missing-cert: {rateLimit: {average: 1, redis: {tls: {cert: "/nonexistent/client.pem", key: "/nonexistent/client.key"}}}}
                  routers:
                    a: {rule: Path(`/a`), service: b, middlewares: [bad-ca]}
                    c: {rule: Path(`/c`), service: b, middlewares: [missing-cert]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%2$s"}]}}
                """.formatted(notPem, backend.url()))) {
            assertThat(bad.gateway().problems())
                    .anyMatch(p -> p.contains("http.middlewares.bad-ca.rateLimit.redis.tls.ca") && p.contains("cannot be read"))
                    .anyMatch(p -> p.contains("http.middlewares.missing-cert.rateLimit.redis.tls.cert") && p.contains("cannot be read"));
            assertThat(Http.get(bad.url("/a")).statusCode()).isEqualTo(503);
            assertThat(Http.get(bad.url("/c")).statusCode()).isEqualTo(503);
        }
    }
}
