package io.jwtgate.gateway.kubernetes;

import io.jwtgate.gateway.Gateway;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import io.jwtgate.gateway.provider.ConfigProvider;
import io.jwtgate.gateway.provider.kubernetes.KubernetesProviders;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TempDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A gateway started as {@code jwtgate run} does, with the Kubernetes provider of its static configuration. */
final class KubeGateway implements AutoCloseable {

    static final HttpClient TLS = Http.insecureTls(HttpClient.Version.HTTP_1_1);

    final Gateway gateway;
    final List<String> warnings;
    private final Path dir;

    private KubeGateway(Gateway gateway, List<String> warnings, Path dir) {
        this.gateway = gateway;
        this.warnings = warnings;
        this.dir = dir;
    }

    static KubeGateway start(String staticYaml) throws Exception {
        return start(staticYaml, null);
    }

    /** @param provider a provider made by the test (e.g. on the mock API server), or null to build it from the static file */
    static KubeGateway start(String staticYaml, ConfigProvider provider) throws Exception {
        Path dir = TempDirs.create("jwtgate-k8s");
        Path file = dir.resolve("jwtgate.yml");
        Files.writeString(file, staticYaml);
        List<String> warnings = new CopyOnWriteArrayList<>();
        StaticConfig config = new StaticConfigLoader(warnings::add).load(file, Map.of());
        List<ConfigProvider> providers = provider != null ? List.of(provider) : KubernetesProviders.from(config, warnings::add);
        return new KubeGateway(Gateway.start(config, Map.of(), (m, v) -> null, providers), warnings, dir);
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        URI uri = URI.create("https://127.0.0.1:" + gateway.port("websecure") + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return TLS.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until a response satisfies {@code condition} (changes are applied within seconds); fails after 20 s. */
    HttpResponse<String> await(String path, Predicate<HttpResponse<String>> condition, String... headers) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpResponse<String> last;
        do {
            last = get(path, headers);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no matching response for " + path + "; last: " + last.statusCode() + " " + last.body()
                + "\nproblems: " + gateway.problems());
    }

    HttpResponse<String> awaitStatus(String path, int status, String... headers) throws Exception {
        return await(path, r -> r.statusCode() == status, headers);
    }

    @Override
    public void close() {
        gateway.close();
        TempDirs.delete(dir);
    }
}
