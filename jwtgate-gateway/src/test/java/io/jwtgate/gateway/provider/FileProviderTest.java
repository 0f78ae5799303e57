package io.jwtgate.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.statics.FileProviderConfig;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file provider reads a directory as Traefik v3.7 does: name order, first definition wins, YAML and TOML. */
class FileProviderTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private DynamicConfig load() throws Exception {
        FileProviderConfig config = new FileProviderConfig(null, dir, false, Duration.ofMillis(100));
        return new FileProvider(config, null, warnings::add).load();
    }

    private void write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void theFirstFileInNameOrderKeepsANameAndTheLaterDefinitionIsReported() throws Exception {
        write("b.yml", "http: {routers: {api: {rule: 'Path(`/b`)', service: s}}}");
        write("a.yml", "http: {routers: {api: {rule: 'Path(`/a`)', service: s}}, services: {s: {loadBalancer: {servers: [{url: 'http://127.0.0.1:1'}]}}}}");
        write("c.yml", "http: {services: {s: {loadBalancer: {servers: [{url: 'http://127.0.0.1:1'}]}}}}"); // identical: silent

        DynamicConfig config = load();

        assertThat(config.routers().get("api@file").rule()).isEqualTo("Path(`/a`)");
        assertThat(config.routers().get("api@file").error()).isNull();
        assertThat(config.errors()).isEmpty();
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w)
                .startsWith(dir.resolve("b.yml") + ": http.routers.api: HTTP router 'api@file' is already defined in " + dir.resolve("a.yml"))
                .contains("this definition is skipped"));
    }

    @Test
    void aSubdirectoryIsReadWhereItsNameSortsAsGoReadsDirectories() throws Exception {
        // Go's os.ReadDir order: "a" < "a.yml", so a/x.yml comes first (a sort by full path would read a.yml first).
        write("a.yml", "http: {middlewares: {m: {addPrefix: {prefix: /file}}}}");
        write("a/x.yml", "http: {middlewares: {m: {addPrefix: {prefix: /subdirectory}}}}");
        write(".hidden/y.yml", "http: {middlewares: {m: {addPrefix: {prefix: /hidden}}}}");
        write("notes.txt", "not configuration");

        DynamicConfig config = load();

        assertThat(config.middlewares().get("m@file").options().get("prefix").string("")).isEqualTo("/subdirectory");
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w).contains(dir.resolve("a.yml").toString()));
    }

    @Test
    void tomlDynamicFilesAreReadLikeYaml() throws Exception {
        write("dynamic.TOML", """
                [http.routers.api]
                  rule = "Host(`example.com`) && PathPrefix(`/api`)"
                  entryPoints = ["web"]
                  service = "app"
                  middlewares = ["strip"]

                [http.middlewares.strip.stripPrefix]
                  prefixes = ["/api"]

                [[http.services.app.loadBalancer.servers]]
                  url = "http://127.0.0.1:8081"
                [[http.services.app.loadBalancer.servers]]
                  url = "http://127.0.0.1:8082"
                """);

        DynamicConfig config = load();

        assertThat(config.errors()).isEmpty();
        assertThat(config.routers().get("api@file").rule()).isEqualTo("Host(`example.com`) && PathPrefix(`/api`)");
        assertThat(config.routers().get("api@file").entryPoints()).containsExactly("web");
        assertThat(config.middlewares().get("strip@file").type()).isEqualTo("stripPrefix");
        assertThat(config.services().get("app@file").options().get("servers").elements()).hasSize(2);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aTomlStaticFileIsReadLikeTraefikToml() throws Exception {
        write("traefik.toml", """
                [entryPoints.web]
                  address = ":8081"
                  [entryPoints.web.http.redirections.entryPoint]
                    to = "websecure"
                [entryPoints.websecure]
                  address = ":8443"
                [providers.file]
                  directory = "conf"
                """);
        Files.createDirectories(dir.resolve("conf"));

        StaticConfig config = new StaticConfigLoader(warnings::add).load(dir.resolve("traefik.toml"), Map.of());

        assertThat(config.entryPoints().get("web").port()).isEqualTo(8081);
        assertThat(config.entryPoints().get("web").redirect().toEntryPoint()).isEqualTo("websecure");
        assertThat(config.fileProvider().directory()).isEqualTo(dir.resolve("conf"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void aTomlSyntaxErrorNamesTheFileAndTheLine() throws Exception {
        write("bad.toml", "[http.routers.api]\nrule = Host(`x`)\n");

        org.assertj.core.api.Assertions.assertThatThrownBy(this::load)
                .hasMessageContaining(dir.resolve("bad.toml").toString())
                .hasMessageContaining("invalid TOML at line 2");
    }
}
