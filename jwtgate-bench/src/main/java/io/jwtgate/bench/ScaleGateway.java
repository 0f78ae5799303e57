package io.jwtgate.bench;

import com.sun.net.httpserver.HttpServer;
import io.jwtgate.gateway.config.YamlDocuments;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.DynamicConfigParser;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.jwt.JwtMiddlewareType;
import io.jwtgate.gateway.middleware.registry.MiddlewareRegistry;
import io.jwtgate.gateway.proxy.ServiceRegistry;
import io.jwtgate.gateway.runtime.RuntimeFactory;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the routing and reload benchmarks build on: a runtime factory set up as the gateway sets
 * it up (one entry point {@code web}, every middleware and service type), a local JWKS server that
 * counts its fetches, and the multi-tenant configuration of issue 18: one router per tenant host,
 * a JWT middleware with its own {@code jwksUrl} per group of tenants, a service per group.
 */
final class ScaleGateway implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    final RuntimeFactory factory;
    final AtomicInteger jwksFetches = new AtomicInteger();
    private final HttpServer jwks;

    ScaleGateway() throws Exception {
        StaticConfig statics = new StaticConfigLoader(w -> { })
                .parse(YamlDocuments.parse("entryPoints: {web: {address: ':0'}}", "traefik.yml"), Path.of("."));
        factory = new RuntimeFactory(statics, MiddlewareRegistry.types(new JwtMiddlewareType(statics.jwtEngine()), Map.of()),
                ServiceRegistry.types(Map.of()), new BuildContext(vertx, w -> { }, (m, v) -> null), SelfSignedCertificate.generate());
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        RSAPublicKey key = (RSAPublicKey) rsa.generateKeyPair().getPublic();
        byte[] body = ("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\"" + b64(key.getModulus())
                + "\",\"e\":\"" + b64(key.getPublicExponent()) + "\"}]}").getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        jwks.createContext("/jwks/", exchange -> {
            jwksFetches.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Cache-Control", "max-age=3600");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwks.start();
    }

    /**
     * The file provider's YAML: {@code routers} routers {@code Host(`tenant<i>.example.com`)}, the
     * i-th using middleware {@code jwt<i % jwtMiddlewares>} (none when 0) and service {@code svc<i % services>};
     * {@code variant} changes the rule of router 0 only (an unrelated edit for a reload).
     */
    String yaml(int routers, int jwtMiddlewares, int services, int variant) {
        StringBuilder y = new StringBuilder(routers * 120).append("http:\n  routers:\n");
        for (int i = 0; i < routers; i++) {
            y.append("    tenant").append(i).append(":\n      rule: \"Host(`tenant").append(i).append(".example.com`)");
            if (i == 0 && variant != 0) {
                y.append(" && PathPrefix(`/v").append(variant).append("`)");
            }
            y.append("\"\n      service: svc").append(i % services).append('\n');
            if (jwtMiddlewares > 0) {
                y.append("      middlewares: [jwt").append(i % jwtMiddlewares).append("]\n");
            }
        }
        if (jwtMiddlewares > 0) {
            y.append("  middlewares:\n");
            for (int m = 0; m < jwtMiddlewares; m++) {
                y.append("    jwt").append(m).append(":\n      plugin:\n        jwt:\n          jwksUrl: \"http://127.0.0.1:")
                        .append(jwks.getAddress().getPort()).append("/jwks/").append(m).append("\"\n");
            }
        }
        y.append("  services:\n");
        for (int s = 0; s < services; s++) {
            y.append("    svc").append(s).append(":\n      loadBalancer:\n        servers:\n          - url: \"http://127.0.0.1:")
                    .append(20000 + s % 1000).append("\"\n");
        }
        return y.toString();
    }

    /** What the file provider does with the file: YAML, then the dynamic configuration model. */
    static DynamicConfig parse(String yaml) throws Exception {
        return new DynamicConfigParser("file", w -> { }).add(YamlDocuments.parse(yaml, "scale.yml")).build();
    }

    private static String b64(BigInteger v) {
        byte[] bytes = v.toByteArray();
        int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOfRange(bytes, skip, bytes.length));
    }

    @Override
    public void close() {
        jwks.stop(0);
        vertx.close();
    }
}
