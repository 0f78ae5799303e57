package io.jwtgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.config.YamlDocuments;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.DynamicConfigParser;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.MiddlewareRegistry;
import io.jwtgate.gateway.middleware.jwt.JwtMiddlewareType;
import io.jwtgate.gateway.provider.DynamicConfigMerger;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runtime factory keys every problem by its element: same-named elements of two providers never collide. */
class RuntimeFactoryTest {

    static Vertx vertx;
    static RuntimeFactory factory;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        StaticConfig statics = new StaticConfigLoader(w -> { })
                .parse(YamlDocuments.parse("entryPoints: {web: {address: ':0'}}", "traefik.yml"), Path.of("."));
        factory = new RuntimeFactory(statics, MiddlewareRegistry.types(new JwtMiddlewareType(statics.jwtEngine()), Map.of()),
                new BuildContext(vertx, w -> { }, (m, v) -> null), SelfSignedCertificate.generate());
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    private static DynamicConfig parse(String provider, String yaml) throws Exception {
        return new DynamicConfigParser(provider, w -> { }).add(YamlDocuments.parse(yaml, provider + ".yml")).build();
    }

    @Test
    void problemsAreKeyedByQualifiedElement() throws Exception {
        DynamicConfig config = DynamicConfigMerger.merge(List.of(
                parse("file", """
                        http:
                          routers:
                            api: {rule: PathPrefix(`/a`), service: s}
                          services:
                            s: {loadBalancer: {servers: [{url: "http://127.0.0.1:1"}]}}
                        """),
                parse("kubernetescrd", """
                        http:
                          routers:
                            api: {rule: PathPrefix(`/b`), service: s, entryPoints: [nowhere]}
                            api2: {rule: "PathPrefix(`/c`", service: s}
                          services:
                            s: {loadBalancer: {servers: [{url: "http://127.0.0.1:1"}]}}
                        """)));
        RuntimeFactory.Built built = factory.build(config, Runtime.empty());
        assertThat(built.problems()).extracting(Problem::element).containsExactlyInAnyOrder(
                new Problem.Element(Problem.Kind.ROUTER, "api@kubernetescrd"),
                new Problem.Element(Problem.Kind.ROUTER, "api2@kubernetescrd"));
        assertThat(built.runtime().errors()).containsOnlyKeys("api@kubernetescrd", "api2@kubernetescrd");
        assertThat(built.problems()).allSatisfy(p -> {
            assertThat(p.detail().source()).isEqualTo("kubernetescrd.yml");
            assertThat(p.detail().fix()).isNotBlank();
        });
        assertThat(built.runtime().routersByEntryPoint().get("web")).extracting(RouterRuntime::name).containsExactly("api@file");
    }

    @Test
    void theSameConfigurationBuildsTheSameProblemsAndReusesItsElements() throws Exception {
        DynamicConfig config = parse("file", """
                http:
                  middlewares:
                    strip: {stripPrefix: {prefixes: [/x]}}
                    bad: {nosuchType: {}}
                  routers:
                    r: {rule: PathPrefix(`/`), service: s, middlewares: [strip]}
                  services:
                    s: {loadBalancer: {servers: [{url: "http://127.0.0.1:1"}]}}
                """);
        RuntimeFactory.Built first = factory.build(config, Runtime.empty());
        RuntimeFactory.Built second = factory.build(config, first.runtime());
        assertThat(second.problems()).isEqualTo(first.problems()).hasSize(1);
        assertThat(second.problems().get(0).element()).isEqualTo(new Problem.Element(Problem.Kind.MIDDLEWARE, "bad@file"));
        assertThat(second.runtime().middlewares().values()).containsExactlyInAnyOrderElementsOf(first.runtime().middlewares().values());
        assertThat(second.runtime().middlewares()).isUnmodifiable();
    }
}
