package io.jwtgate.gateway.cli;

import io.jwtgate.gateway.Gateway;
import io.jwtgate.gateway.config.YamlDocuments;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import io.jwtgate.gateway.demo.WhoamiServer;
import io.vertx.core.Vertx;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jwtgate train}: a short, self-contained run of the gateway's common paths (HTTP/1.1
 * proxying, HTTPS with HTTP/2, HS256, RS256 and ES256 tokens, a refused token), on loopback and
 * ephemeral ports only, then exit. The launcher and the container image run it once under
 * {@code -XX:AOTCacheOutput} (JDK 25+) or {@code -XX:ArchiveClassesAtExit} (JDK 21-24), so that
 * later starts load and link those classes from the cache instead of from the jars.
 */
@Command(name = "train", mixinStandardHelpOptions = true, hidden = true,
        description = {"Exercise the gateway's common paths on loopback, then exit (used to build the JVM's AOT/CDS cache)."})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--requests", description = "Requests per kind (default ${DEFAULT-VALUE}).")
    int requests = 100;

    @Override
    public Integer call() throws Exception {
        Vertx backendVertx = Vertx.vertx();
        WhoamiServer backend = WhoamiServer.start(backendVertx, "127.0.0.1", 0);
        String secret = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
        KeyPair rsa = keyPair("RSA", null);
        KeyPair ec = keyPair("EC", "secp256r1");
        StaticConfig config = new StaticConfigLoader(w -> { }).parse(YamlDocuments.parse(yaml(backend.port(), secret, rsa, ec), "train"),
                Path.of("").toAbsolutePath());
        try (Gateway gateway = Gateway.start(config, Map.of(), null, List.of())) {
            HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trustAll())
                    .connectTimeout(Duration.ofSeconds(5)).build();
            String web = "http://127.0.0.1:" + gateway.port("web");
            String secure = "https://localhost:" + gateway.port("websecure");
            long now = System.currentTimeMillis() / 1000;
            String claims = "{\"sub\":\"train\",\"grp\":\"admin\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}";
            List<String[]> kinds = new ArrayList<>();
            kinds.add(new String[] {web + "/open", null});
            kinds.add(new String[] {web + "/hs", TokenSigner.sign("HS256", secret.getBytes(StandardCharsets.UTF_8), null,
                    "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims)});
            kinds.add(new String[] {web + "/rs", TokenSigner.sign("RS256", null, rsa.getPrivate(), "{\"alg\":\"RS256\"}", claims)});
            kinds.add(new String[] {web + "/es", TokenSigner.sign("ES256", null, ec.getPrivate(), "{\"alg\":\"ES256\"}", claims)});
            kinds.add(new String[] {web + "/hs", "not.a.token"});
            int failures = 0;
            for (int i = 0; i < requests; i++) {
                for (String[] kind : kinds) {
                    failures += send(plain, kind[0], kind[1]);
                }
                failures += send(h2, secure + "/open", null);
            }
            System.out.println("jwtgate train: " + requests * (kinds.size() + 1) + " requests, " + failures + " unexpected answers");
        } finally {
            backend.close();
            backendVertx.close();
        }
        return 0;
    }

    /** 0 when the answer is the expected one (200, or 401 for the refused token), else 1: training goes on either way. */
    private static int send(HttpClient client, String url, String token) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            int status = client.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            return status == ("not.a.token".equals(token) ? 401 : 200) ? 0 : 1;
        } catch (Exception e) {
            return 1;
        }
    }

    private static String yaml(int backendPort, String secret, KeyPair rsa, KeyPair ec) {
        return """
                entryPoints:
                  web: {address: "127.0.0.1:0"}
                  websecure: {address: "127.0.0.1:0", http: {tls: {}}}
                log: {level: ERROR}
                http:
                  routers:
                    open: {rule: "PathPrefix(`/open`)", service: backend}
                    hs: {rule: "PathPrefix(`/hs`)", service: backend, middlewares: [hs]}
                    rs: {rule: "PathPrefix(`/rs`)", service: backend, middlewares: [rs]}
                    es: {rule: "PathPrefix(`/es`)", service: backend, middlewares: [es]}
                  middlewares:
                    hs: {plugin: {jwt: {signingSecret: "%s", forwardHeaders: {X-User: sub}, claims: "Equals(`grp`, `admin`)"}}}
                    rs: {plugin: {jwt: {publicKey: "%s"}}}
                    es: {plugin: {jwt: {publicKey: "%s"}}}
                  services:
                    backend: {loadBalancer: {servers: [{url: "http://127.0.0.1:%d"}]}}
                """.formatted(secret, pem(rsa), pem(ec), backendPort);
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\\n" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\\n-----END PUBLIC KEY-----";
    }

    private static KeyPair keyPair(String type, String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(type);
        if (curve != null) {
            g.initialize(new ECGenParameterSpec(curve));
        } else {
            g.initialize(2048);
        }
        return g.generateKeyPair();
    }

    /** The training gateway's certificate is the generated self-signed one: this client talks to it on loopback only. */
    private static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) { }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) { }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return ctx;
    }
}
