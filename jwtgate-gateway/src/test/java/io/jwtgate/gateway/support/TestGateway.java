package io.jwtgate.gateway.support;

import io.jwtgate.gateway.Gateway;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import io.jwtgate.gateway.middleware.MiddlewareType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real gateway for a test: configuration files written to a temporary directory, entry points
 * on 127.0.0.1 with ephemeral ports, started through the same code path as {@code jwtgate run}.
 */
public final class TestGateway implements AutoCloseable {

    private final Gateway gateway;
    private final Path dir;
    private final List<String> configWarnings;

    private TestGateway(Gateway gateway, Path dir, List<String> configWarnings) {
        this.gateway = gateway;
        this.dir = dir;
        this.configWarnings = configWarnings;
    }

    /** Starts from a static file; a {@code dynamic.yml} next to it is created when {@code dynamicYaml} is not null. */
    public static TestGateway start(String staticYaml, String dynamicYaml) throws Exception {
        return start(staticYaml, dynamicYaml, Map.of());
    }

    public static TestGateway start(String staticYaml, String dynamicYaml, Map<String, MiddlewareType> types) throws Exception {
        Path dir = TempDirs.create("jwtgate-test");
        Path staticFile = dir.resolve("jwtgate.yml");
        Files.writeString(staticFile, staticYaml);
        if (dynamicYaml != null) {
            Files.writeString(dir.resolve("dynamic.yml"), dynamicYaml);
        }
        List<String> warnings = new CopyOnWriteArrayList<>();
        StaticConfig config = new StaticConfigLoader(warnings::add).load(staticFile, Map.of());
        Gateway gateway = Gateway.start(config, types, (middleware, value) -> null);
        return new TestGateway(gateway, dir, warnings);
    }

    /** One plain entry point {@code web} and a watched {@code dynamic.yml}. */
    public static TestGateway withDynamic(String dynamicYaml) throws Exception {
        return builder().start(dynamicYaml);
    }

    /** Entry point {@code web}, one router {@code r} ({@code PathPrefix(`/`)}) to service {@code a} on {@code backendUrl}. */
    public static TestGateway proxyingTo(String backendUrl) throws Exception {
        return builder().proxyingTo(backendUrl);
    }

    /**
     * The common case: entry point {@code web} on an ephemeral loopback port, a watched
     * {@code dynamic.yml}, plus whatever a test adds (entry-point options, more entry points,
     * top-level static sections, extra middleware types).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds the static file of {@link #builder()}. */
    public static final class Builder {
        private final Map<String, String> entryPoints = new java.util.LinkedHashMap<>();
        private final StringBuilder topLevel = new StringBuilder();
        private Map<String, MiddlewareType> types = Map.of();

        private Builder() {
            entryPoint("web", "");
        }

        /** Adds (or re-configures) an entry point; {@code yaml} holds its keys besides {@code address}. */
        public Builder entryPoint(String name, String yaml) {
            entryPoints.put(name, "  " + name + ":\n    address: \"127.0.0.1:0\"\n" + indent(yaml, 4));
            return this;
        }

        /** Options of entry point {@code web}, e.g. {@code http: {maxHeaderBytes: 16384}}. */
        public Builder web(String yaml) {
            return entryPoint("web", yaml);
        }

        /** Top-level static sections, e.g. {@code accessLog: {format: json}}. */
        public Builder staticYaml(String yaml) {
            topLevel.append(indent(yaml, 0));
            return this;
        }

        public Builder types(Map<String, MiddlewareType> middlewareTypes) {
            this.types = middlewareTypes;
            return this;
        }

        /** The static file this builder writes (entry points, top-level sections, the file provider). */
        public String staticFile() {
            return "entryPoints:\n" + String.join("", entryPoints.values()) + topLevel
                    + "providers:\n  providersThrottleDuration: 100ms\n  file:\n    filename: dynamic.yml\n    watch: true\n";
        }

        public TestGateway start(String dynamicYaml) throws Exception {
            return TestGateway.start(staticFile(), dynamicYaml, types);
        }

        /** {@link TestGateway#proxyingTo} with this builder's static configuration. */
        public TestGateway proxyingTo(String backendUrl) throws Exception {
            return start("""
                    http:
                      routers:
                        r: {rule: PathPrefix(`/`), service: a}
                      services:
                        a: {loadBalancer: {servers: [{url: "%s"}]}}
                    """.formatted(backendUrl));
        }

        private static String indent(String yaml, int spaces) {
            if (yaml == null || yaml.isBlank()) {
                return "";
            }
            StringBuilder out = new StringBuilder();
            for (String line : yaml.stripIndent().split("\n")) {
                if (!line.isBlank()) {
                    out.append(" ".repeat(spaces)).append(line).append('\n');
                }
            }
            return out.toString();
        }
    }

    public URI url(String entryPoint, String path) {
        return URI.create("http://127.0.0.1:" + gateway.port(entryPoint) + path);
    }

    public URI url(String path) {
        return url("web", path);
    }

    public URI httpsUrl(String entryPoint, String path) {
        return URI.create("https://127.0.0.1:" + gateway.port(entryPoint) + path);
    }

    public Path dir() {
        return dir;
    }

    public Gateway gateway() {
        return gateway;
    }

    public List<String> configWarnings() {
        return configWarnings;
    }

    /** Rewrites dynamic.yml atomically (write then rename), as editors and Kubernetes do. */
    public void rewriteDynamic(String yaml) throws Exception {
        Path tmp = dir.resolve(".dynamic.yml.tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, dir.resolve("dynamic.yml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Stops the gateway and removes its temporary directory. */
    @Override
    public void close() {
        gateway.close();
        TempDirs.delete(dir);
    }
}
