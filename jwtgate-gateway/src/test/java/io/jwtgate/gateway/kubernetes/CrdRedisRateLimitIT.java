package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.RedisServer;
import io.jwtgate.gateway.support.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code rateLimit.redis} and {@code plugin.distributedRateLimit} as Kubernetes {@code Middleware}
 * resources: Traefik's CRD form takes the Redis credentials from a Secret ({@code secret}: keys
 * {@code username} and {@code password}) and the TLS material from Secrets ({@code tls.caSecret},
 * {@code tls.certSecret}); Traefik Hub's takes {@code urn:k8s:secret:} references.
 */
class CrdRedisRateLimitIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    @Test
    void credentialsAndTlsFromSecrets() throws Exception {
        Path dir = closing.add(new TempDir(TempDirs.create("crd-redis"))).path();
        TlsCertificates.PemPair server = SelfSignedCertificate.generate("redis.test", "redis.test");
        TlsCertificates.PemPair client = SelfSignedCertificate.generate("gateway", "gateway.test");
        Files.writeString(dir.resolve("server.pem"), server.certificatePem());
        Files.writeString(dir.resolve("server.key"), server.keyPem());
        Files.writeString(dir.resolve("client.pem"), client.certificatePem());
        RedisServer tlsRedis = closing.add(RedisServer.startTls("--tls-cert-file", dir.resolve("server.pem").toString(),
                "--tls-key-file", dir.resolve("server.key").toString(), "--tls-ca-cert-file", dir.resolve("client.pem").toString(),
                "--tls-auth-clients", "yes", "--user", "limiter", "on", ">limiter-pass", "~rate:*", "+@all", "--user", "default", "off"));
        RedisServer hubRedis = closing.add(RedisServer.start("--requirepass", "hub-pass"));
        Backend whoami = closing.add(Backend.echo("whoami"));
        String manifests = ("""
                apiVersion: v1
                kind: Secret
                metadata: {name: redis-acl, namespace: apps}
                stringData: {username: limiter, password: limiter-pass}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: redis-ca, namespace: apps}
                stringData: {ca.crt: "%1$s"}
                ---
                apiVersion: v1
                kind: Secret
                type: kubernetes.io/tls
                metadata: {name: redis-client, namespace: apps}
                stringData: {tls.crt: "%2$s", tls.key: "%3$s"}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: hub-redis, namespace: apps}
                stringData: {password: hub-pass}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: shared, namespace: apps}
                spec:
                  rateLimit:
                    average: 1
                    period: 1h
                    burst: 2
                    redis:
                      endpoints: ["%4$s"]
                      secret: redis-acl
                      tls: {caSecret: redis-ca, certSecret: redis-client}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: hub, namespace: apps}
                spec:
                  plugin:
                    distributedRateLimit:
                      limit: 1
                      period: 1h
                      responseHeaders: true
                      store:
                        redis:
                          endpoints: ["%5$s"]
                          password: urn:k8s:secret:hub-redis:password
                          timeout: 2s
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: no-secret, namespace: apps}
                spec:
                  rateLimit: {average: 1, redis: {endpoints: ["%4$s"], secret: nope}}
                """ + KubeGateway.ingressRoute("""
                - {match: PathPrefix(`/shared`), kind: Rule, middlewares: [{name: shared}], services: [{name: whoami, port: 80}]}
                - {match: PathPrefix(`/hub`), kind: Rule, middlewares: [{name: hub}], services: [{name: whoami, port: 80}]}
                - {match: PathPrefix(`/no-secret`), kind: Rule, middlewares: [{name: no-secret}], services: [{name: whoami, port: 80}]}
                """)).formatted(yamlString(server.certificatePem()), yamlString(client.certificatePem()), yamlString(client.keyPem()),
                tlsRedis.endpoint(), hubRedis.endpoint());
        try (KubeGateway gw = KubeGateway.crd(manifests).service("apps/whoami:80", whoami.url()).start()) {
            assertThat(gw.gateway.problems())
                    .anyMatch(p -> p.contains("apps-no-secret@kubernetescrd") && p.contains("Secret 'nope' does not exist in namespace 'apps'"));
            assertThat(gw.get("/shared").statusCode()).isEqualTo(200);
            assertThat(gw.get("/shared").statusCode()).isEqualTo(200);
            assertThat(gw.get("/shared").statusCode()).isEqualTo(429);
            assertThat(gw.get("/hub").headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
            assertThat(gw.get("/hub").statusCode()).isEqualTo(429);
            assertThat(gw.get("/no-secret").statusCode()).isEqualTo(503);
            assertThat(hubRedis.cli("EXISTS", "rate:apps-hub@kubernetescrd:127.0.0.1")).isEqualTo("1");
            assertThat(String.join("\n", gw.gateway.problems()) + gw.gateway.warnings() + gw.warnings)
                    .doesNotContain("limiter-pass", "hub-pass");
        }
    }

    private static String yamlString(String pem) {
        return pem.strip().replace("\n", "\\n");
    }

    /** Removes a test directory after the test class. */
    private record TempDir(Path path) implements AutoCloseable {
        @Override
        public void close() {
            TempDirs.delete(path);
        }
    }
}
