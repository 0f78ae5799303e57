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
        Path dir = Files.createTempDirectory("jwtgate-test");
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
        return start("""
                entryPoints:
                  web:
                    address: "127.0.0.1:0"
                providers:
                  providersThrottleDuration: 100ms
                  file:
                    filename: dynamic.yml
                    watch: true
                """, dynamicYaml);
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

    @Override
    public void close() {
        gateway.close();
    }
}
