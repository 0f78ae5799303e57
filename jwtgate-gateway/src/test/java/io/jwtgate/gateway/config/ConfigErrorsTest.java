package io.jwtgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.DynamicConfigParser;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import io.jwtgate.jwt.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad configuration gets one message naming the file, the key path, the problem and the fix. */
class ConfigErrorsTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiterString = " => ", value = {
            "entryPoints: {web: {address: ':99999'}}                     => entryPoints.web.address => invalid port",
            "entryPoints: {web: {}}                                      => entryPoints.web.address => required",
            "entryPoints: {web: {address: '8080'}}                       => entryPoints.web.address => has no port",
            "log: {level: LOUD}                                          => log.level => unknown log level",
            "accessLog: {format: xml}                                    => accessLog.format => unknown format",
            "providers: {file: {}}                                       => providers.file => exactly one of filename and directory",
            "ping: {entryPoint: nope}                                    => ping.entryPoint => is not defined",
            "entryPoints: {web: {address: ':1', http: {maxHeaderBytes: 10}}} => entryPoints.web.http.maxHeaderBytes => at least 1024",
            "serversTransport: {forwardingTimeouts: {dialTimeout: soon}}  => serversTransport.forwardingTimeouts.dialTimeout => not a duration",
            "serversTransport: {forwardingTimeouts: {dialTimeout: -5}}    => serversTransport.forwardingTimeouts.dialTimeout => must not be negative",
            "'entryPoints: [a'                                           => '' => invalid YAML at line 1",
            "entryPoints: {web: {address: ':1', http: {underscoreHeadersStrategy: drop}}} => entryPoints.web.http.underscoreHeadersStrategy => unknown strategy",
            "entryPoints: {web: {address: ':1', http: {sanitizePath: maybe}}} => entryPoints.web.http.sanitizePath => ''",
            "entryPoints: {web: {address: ':1', http2: {maxConcurrentStreams: -1}}} => entryPoints.web.http2.maxConcurrentStreams => between 0",
            "ioTransport: kqueue                                         => ioTransport => unknown I/O transport",
    })
    void staticErrorsNameTheKeyPath(String yaml, String keyPath, String problem) {
        assertThatThrownBy(() -> new StaticConfigLoader(w -> { }).parse(YamlDocuments.parse(yaml, "traefik.yml"), Path.of(".")))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.source()).isEqualTo("traefik.yml");
                    assertThat(e.keyPath()).isEqualTo(keyPath);
                    assertThat(e.problem()).contains(problem);
                    assertThat(e.fix()).isNotBlank();
                    assertThat(e.getMessage()).startsWith("traefik.yml");
                });
    }

    @org.junit.jupiter.api.Test
    void aRedirectionToAnUndefinedEntryPointIsReportedAndTheGatewayStillStarts() throws Exception {
        List<String> warnings = new ArrayList<>();
        StaticConfig config = new StaticConfigLoader(warnings::add).parse(YamlDocuments.parse("""
                entryPoints:
                  web: {address: ':1', http: {redirections: {entryPoint: {to: websecur}}}}
                  alt: {address: ':2', http: {redirections: {entryPoint: {to: ':443'}}}}
                  websecure: {address: ':3'}
                """, "traefik.yml"), Path.of("."));
        assertThat(config.entryPoints().get("web").redirect()).isNull();
        assertThat(config.entryPoints().get("alt").redirect().toEntryPoint()).isEqualTo(":443");
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w)
                .startsWith("traefik.yml: entryPoints.web.http.redirections.entryPoint.to: redirection target entry point 'websecur' is not defined")
                .contains("[web, alt, websecure]"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiterString = " => ", value = {
            "http: {routers: {r: {service: s}}}                               => http.routers.r.rule => required",
            "http: {routers: {r: {rule: 'Path(`/`)', service: s, priority: x}}} => http.routers.r.priority => whole number",
            "http: {services: {s: {}}}                                        => http.services.s => exactly one of loadBalancer or weighted",
            "http: {middlewares: {m: {stripPrefix: {}, addPrefix: {}}}}        => http.middlewares.m => several types",
    })
    void dynamicErrorsDisableOnlyTheElementAndNameTheKeyPath(String yaml, String keyPath, String problem) throws Exception {
        DynamicConfig config = new DynamicConfigParser("file", w -> { }).add(YamlDocuments.parse(yaml, "dynamic.yml")).build();
        assertThat(config.errors()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("dynamic.yml");
            assertThat(e.keyPath()).isEqualTo(keyPath);
            assertThat(e.problem()).contains(problem);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "# only a comment\n", "---\n# kept empty on purpose\n", "---\n", "~\n"})
    void aDocumentWithNothingInItIsAnEmptyConfigurationAsInTraefik(String yaml) throws Exception {
        DynamicConfig config = new DynamicConfigParser("file", w -> { }).add(YamlDocuments.parse(yaml, "empty.yml")).build();
        assertThat(config.errors()).isEmpty();
        assertThat(config.routers()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http:\n  middlewares:\n", "http:\n  middlewares:\n    # none yet\n  services:\n", "http:\n",
            "http:\n  routers:\n  middlewares:\n  services:\n  serversTransports:\ntls:\n  options:\n  stores:\n"})
    void aSectionWithNothingUnderItIsEmptyAsInTraefik(String head) throws Exception {
        // Traefik's documentation ends a block in `services:` holding only a comment; Go's YAML reads it as an empty section.
        DynamicConfig config = new DynamicConfigParser("file", w -> { }).add(YamlDocuments.parse(head, "dynamic.yml")).build();
        assertThat(config.errors()).isEmpty();
        assertThat(config.middlewares()).isEmpty();
        DynamicConfig withRouter = new DynamicConfigParser("file", w -> { }).add(YamlDocuments.parse("""
                http:
                  middlewares:
                    # none yet
                  routers:
                    r: {rule: "Path(`/`)", service: s}
                  services:
                    s: {loadBalancer: {servers: [{url: "http://127.0.0.1:1"}]}}
                """, "dynamic.yml")).build();
        assertThat(withRouter.errors()).isEmpty();
        assertThat(withRouter.routers()).containsOnlyKeys("r@file");
    }

    @org.junit.jupiter.api.Test
    void unknownKeysAreWarnedWithASuggestionAndNamesAreQualified() throws Exception {
        List<String> warnings = new ArrayList<>();
        DynamicConfig config = new DynamicConfigParser("file", warnings::add).add(YamlDocuments.parse("""
                http:
                  routers:
                    r: {rule: "Path(`/`)", service: s, middleware: [a]}
                """, "dynamic.yml")).build();
        assertThat(warnings).singleElement().asString().contains("http.routers.r.middleware").contains("did you mean 'middlewares'");
        assertThat(config.routers()).containsKey("r@file");
        assertThat(config.routers().get("r@file").service()).isEqualTo("s@file");
    }

    @org.junit.jupiter.api.Test
    void keysAreCaseInsensitiveAndFlagsOverrideTheFile() throws Exception {
        StaticConfig c = new StaticConfigLoader(w -> { }).parse(YamlDocuments.parse("""
                entrypoints:
                  Web:
                    ADDRESS: "127.0.0.1:8081"
                """, "t.yml"), Path.of("."));
        assertThat(c.entryPoints().get("Web").port()).isEqualTo(8081);
        StaticConfig none = new StaticConfigLoader(w -> { }).load(null, Map.of("entryPoints.web.address", ":9090", "log.level", "debug"));
        assertThat(none.entryPoints().get("web").port()).isEqualTo(9090);
        assertThat(none.log().level()).isEqualTo("DEBUG");
    }
}
