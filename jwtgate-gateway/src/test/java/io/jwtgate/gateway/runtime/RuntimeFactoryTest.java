package io.jwtgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.config.YamlDocuments;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.DynamicConfigParser;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.jwt.JwtMiddlewareType;
import io.jwtgate.gateway.middleware.registry.MiddlewareRegistry;
import io.jwtgate.gateway.provider.DynamicConfigMerger;
import io.jwtgate.gateway.proxy.ServiceRegistry;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The runtime factory keys every problem by its element: same-named elements of two providers never collide. */
class RuntimeFactoryTest {

    static Vertx vertx;
    static RuntimeFactory factory;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        StaticConfig statics = new StaticConfigLoader(w -> { })
                .parse(YamlDocuments.parse("entryPoints: {web: {address: ':0'}}", "traefik.yml"), Path.of("."));
        factory = new RuntimeFactory(statics, MiddlewareRegistry.types(new JwtMiddlewareType(statics.jwtEngine()), Map.of()), ServiceRegistry.types(Map.of()),
                new BuildContext(vertx, w -> { }, (m, v) -> null), SelfSignedCertificate.generate());
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    private static DynamicConfig parse(String provider, String yaml) throws Exception {
        return new DynamicConfigParser(provider, w -> { }).add(YamlDocuments.parse(yaml, provider + ".yml")).build();
    }

    /**
     * Each service type validates its own options; the problem names the service, the file and the key path.
     * A weighted service with a missing child stays up (its other children serve); the child answers 503.
     */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiterString = " => ", value = {
            "{loadBalancer: {servers: []}}                => http.services.s.loadBalancer.servers => no servers => true",
            "{loadBalancer: {servers: [{url: 'ftp://x'}]}} => http.services.s.loadBalancer.servers[0].url => not an http(s) URL => true",
            "{loadBalancer: {servers: [{url: 'http://a/%zz'}]}} => http.services.s.loadBalancer.servers[0].url => not a valid URL => true",
            "{loadBalancer: {servers: [{url: 'http://a'}], healthCheck: {path: 'http://b/h'}}} => http.services.s.loadBalancer.healthCheck.path => must be a relative URL => true",
            "{weighted: {services: []}}                   => http.services.s.weighted.services => is empty => true",
            "{weighted: {services: [{name: nope}]}}       => http.services.s.weighted.services[0].name => service 'nope@file' does not exist => false",
            "{highestRandomWeight: {services: []}}        => http.services.s.highestRandomWeight => service type 'highestRandomWeight' is not supported => true",
    })
    void serviceProblemsNameTheServiceAndTheKeyPath(String service, String keyPath, String problem, boolean disabled) throws Exception {
        RuntimeFactory.Built built = factory.build(parse("file", "http: {routers: {r: {rule: 'PathPrefix(`/`)', service: s}}, services: {s: "
                + service + "}}"), Runtime.empty());
        assertThat(built.problems()).filteredOn(p -> p.element().kind() == Problem.Kind.SERVICE).singleElement().satisfies(p -> {
            assertThat(p.element()).isEqualTo(new Problem.Element(Problem.Kind.SERVICE, "s@file"));
            assertThat(p.detail().source()).isEqualTo("file.yml");
            assertThat(p.detail().keyPath()).isEqualTo(keyPath);
            assertThat(p.detail().problem()).contains(problem);
        });
        if (disabled) {
            assertThat(built.runtime().errors()).containsKeys("s@file", "r@file");
        } else {
            assertThat(built.runtime().errors()).isEmpty();
        }
    }

    /** Go's url.Parse takes what java.net.URI refuses (braces, spaces, non-ASCII in a path): so does jwtgate, as Traefik. */
    @ParameterizedTest
    @ValueSource(strings = {"http://a/error/{status}", "http://a/x y", "http://a/café", "http://a/p?q={x}"})
    void serverUrlsGoAcceptsAreAccepted(String url) throws Exception {
        RuntimeFactory.Built built = factory.build(parse("file", "http: {routers: {r: {rule: 'PathPrefix(`/`)', service: s}}, services: {s: "
                + "{loadBalancer: {servers: [{url: '" + url + "'}]}}}}"), Runtime.empty());
        assertThat(built.problems()).isEmpty();
        assertThat(built.runtime().errors()).isEmpty();
    }

    @Test
    void traefikServiceKeysWithoutEffectAreWarnedAbout() throws Exception {
        List<String> warnings = new java.util.ArrayList<>();
        StaticConfig statics = new StaticConfigLoader(w -> { })
                .parse(YamlDocuments.parse("entryPoints: {web: {address: ':0'}}", "traefik.yml"), Path.of("."));
        RuntimeFactory warning = new RuntimeFactory(statics, Map.of(), ServiceRegistry.types(Map.of()),
                new BuildContext(vertx, warnings::add, (m, v) -> null), SelfSignedCertificate.generate());
        warning.build(parse("file", """
                http:
                  services:
                    s: {loadBalancer: {servers: [{url: "http://127.0.0.1:1"}], passiveHealthCheck: {}, stickyy: 1}}
                """), Runtime.empty());
        assertThat(warnings).anyMatch(w -> w.contains("file.yml: http.services.s.loadBalancer.passiveHealthCheck") && w.contains("not supported by jwtgate"))
                .anyMatch(w -> w.contains("http.services.s.loadBalancer.stickyy") && w.contains("did you mean 'sticky'"));
    }

    @Test
    void servicesMadeOfOtherServicesAreRebuiltWhenAChildChanges() throws Exception {
        String yaml = """
                http:
                  routers:
                    r: {rule: PathPrefix(`/`), service: w}
                  services:
                    w: {weighted: {services: [{name: a}]}}
                    a: {loadBalancer: {servers: [{url: "%s"}]}}
                """;
        Runtime first = factory.build(parse("file", yaml.formatted("http://127.0.0.1:1")), Runtime.empty()).runtime();
        Runtime same = factory.build(parse("file", yaml.formatted("http://127.0.0.1:1")), first).runtime();
        Runtime changed = factory.build(parse("file", yaml.formatted("http://127.0.0.1:2")), same).runtime();
        assertThat(same.services().values()).as("an unchanged leaf is reused").containsAnyElementsOf(first.services().values());
        assertThat(changed.services().values()).as("nothing of the old tree survives a child change")
                .doesNotContainAnyElementsOf(same.services().values());
        assertThat(changed.routersByEntryPoint().get("web").get(0).service()).isNotSameAs(same.routersByEntryPoint().get("web").get(0).service());
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
