package io.jwtgate.gateway.kubernetes;

import io.jwtgate.gateway.Gateway;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import io.jwtgate.gateway.provider.ConfigProvider;
import io.jwtgate.gateway.provider.kubernetes.KubernetesProviders;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TempDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A gateway started as {@code jwtgate run} does, with the Kubernetes provider of its static configuration. */
final class KubeGateway implements AutoCloseable {

    static final HttpClient TLS = Http.insecureTls(HttpClient.Version.HTTP_1_1);
    private static final String MANIFESTS = "manifests.yaml";

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
        return start(TempDirs.create("jwtgate-k8s"), staticYaml, provider);
    }

    /** The set-up most CRD ITs share, for {@code manifests}; see {@link Crd}. */
    static Crd crd(String manifests) {
        return new Crd(manifests);
    }

    /**
     * The manifests in a file of the gateway's own directory, read by the {@code kubernetesCRD}
     * provider (changes applied within 100 ms), a TLS entry point {@code websecure} (and the plain
     * ones added), and the backends that stand for the manifests' Services.
     */
    static final class Crd {
        private final String manifests;
        private final Map<String, List<String>> services = new LinkedHashMap<>();
        private final Map<String, String> entryPoints = new LinkedHashMap<>();

        private Crd(String manifests) {
            this.manifests = manifests;
        }

        /** {@code namespace/name:port} of a Service, served by {@code urls} (tried in turn). */
        Crd service(String serviceAndPort, String... urls) {
            services.put(serviceAndPort, List.of(urls));
            return this;
        }

        /** A plain entry point besides {@code websecure}, with {@code options} after its address (may be empty). */
        Crd entryPoint(String name, String options) {
            entryPoints.put(name, options);
            return this;
        }

        KubeGateway start() throws Exception {
            Path dir = TempDirs.create("jwtgate-crd");
            Files.writeString(dir.resolve(MANIFESTS), manifests);
            StringBuilder yaml = new StringBuilder("entryPoints:\n");
            entryPoints.forEach((name, options) -> yaml.append("  ").append(name).append(": {address: \"127.0.0.1:0\"")
                    .append(options.isEmpty() ? "" : ", " + options).append("}\n"));
            yaml.append("  websecure: {address: \"127.0.0.1:0\", http: {tls: {}}}\n")
                    .append("providers:\n  kubernetesCRD:\n    filename: ").append(dir.resolve(MANIFESTS)).append("\n")
                    .append("    throttleDuration: 100ms\n    serviceAddresses:\n");
            services.forEach((service, urls) -> yaml.append("      \"").append(service).append("\": [")
                    .append(String.join(", ", urls.stream().map(u -> "\"" + u + "\"").toList())).append("]\n"));
            return KubeGateway.start(dir, yaml.toString(), null);
        }
    }

    /** {@code ---} and the IngressRoute {@code apps/app} on {@code websecure} with {@code routes} (its list items, unindented). */
    static String ingressRoute(String routes) {
        return """
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: app, namespace: apps}
                spec:
                  entryPoints: [websecure]
                  routes:
                """ + routes.indent(4);
    }

    /** Replaces the manifests of a {@link #crd} gateway (the provider applies them within seconds). */
    void rewriteManifests(String manifests) throws IOException {
        Files.writeString(dir.resolve(MANIFESTS), manifests);
    }

    private static KubeGateway start(Path dir, String staticYaml, ConfigProvider provider) throws Exception {
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
