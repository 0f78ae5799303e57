package io.jwtgate.gateway.rule;

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
import io.jwtgate.gateway.runtime.Runtime;
import io.jwtgate.gateway.runtime.RuntimeFactory;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code providers.precedence}: Traefik's muxer cases whose routers come from different providers, through the runtime
 * factory (a running jwtgate has no kubernetes, kubernetesgateway or kubernetesingressnginx provider to serve them from),
 * and the option's own parsing.
 */
class ProvidersPrecedenceTest {

    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    static StaticConfig statics(String yaml) throws Exception {
        return new StaticConfigLoader(w -> { }).parse(YamlDocuments.parse(yaml, "traefik.yml"), Path.of("."));
    }

    /** The routers of entry point web in the order a request tries them. */
    static List<String> order(StaticConfig statics, Map<String, Map<String, String>> routersByProvider) throws Exception {
        RuntimeFactory factory = new RuntimeFactory(statics, MiddlewareRegistry.types(new JwtMiddlewareType(statics.jwtEngine()), Map.of()),
                ServiceRegistry.types(Map.of()), new BuildContext(vertx, w -> { }, (m, v) -> null), SelfSignedCertificate.generate());
        List<DynamicConfig> snapshots = new ArrayList<>();
        snapshots.add(new DynamicConfigParser("file", w -> { })
                .add(YamlDocuments.parse("http: {services: {echo: {loadBalancer: {servers: [{url: 'http://127.0.0.1:1'}]}}}}", "file.yml")).build());
        for (Map.Entry<String, Map<String, String>> p : routersByProvider.entrySet()) {
            StringBuilder yaml = new StringBuilder("http:\n  routers:\n");
            p.getValue().forEach((name, ruleAndPriority) -> yaml.append("    ").append(name).append(": {").append(ruleAndPriority)
                    .append(", service: echo@file}\n"));
            snapshots.add(new DynamicConfigParser(p.getKey(), w -> { }).add(YamlDocuments.parse(yaml.toString(), p.getKey() + ".yml")).build());
        }
        Runtime runtime = factory.build(DynamicConfigMerger.merge(snapshots), Runtime.empty()).runtime();
        return runtime.routes("web").routers(false).stream().map(r -> r.name()).toList();
    }

    @Test
    void traefiksMuxerCasesWithRoutersOfSeveralProviders() throws Exception {
        StaticConfig statics = statics("entryPoints: {web: {address: ':0'}}");
        int ported = 0;
        for (TraefikRuleTables.Table table : TraefikRuleTables.load("traefik-mux-cases.yaml")) {
            for (TraefikRuleTables.Case c : table.cases()) {
                if (c.routers().stream().noneMatch(r -> r.provider() != null)) {
                    continue;
                }
                ported++;
                Map<String, Map<String, String>> byProvider = new LinkedHashMap<>();
                String expected = null;
                for (TraefikRuleTables.PriorityRouter r : c.routers()) {
                    String provider = r.provider() == null ? "file" : r.provider();
                    byProvider.computeIfAbsent(provider, k -> new LinkedHashMap<>())
                            .put(r.xFrom(), "rule: '" + r.rule() + "'" + (r.priority() > 0 ? ", priority: " + r.priority() : ""));
                    if (r.xFrom().equals(c.expectedFrom())) {
                        expected = r.xFrom() + "@" + provider;
                    }
                }
                // Every router of these cases matches the request: the first one tried answers it.
                assertThat(order(statics, byProvider)).as(c.id()).first().isEqualTo(expected);
            }
        }
        System.out.println("ProvidersPrecedenceTest: " + ported + " of Traefik's muxer cases with providers agree");
        assertThat(ported).isEqualTo(6);
    }

    @Test
    void theStaticListDecidesBetweenTheProvidersJwtgateHas() throws Exception {
        Map<String, Map<String, String>> routers = new LinkedHashMap<>();
        routers.put("file", Map.of("a", "rule: 'PathPrefix(`/x`)', priority: 5"));
        routers.put("kubernetescrd", Map.of("b", "rule: 'PathPrefix(`/x`)', priority: 5"));
        assertThat(order(statics("entryPoints: {web: {address: ':0'}}"), routers)).as("Traefik's default: kubernetescrd before file")
                .containsExactly("b@kubernetescrd", "a@file");
        assertThat(order(statics("entryPoints: {web: {address: ':0'}}\nproviders: {precedence: [File, kubernetesCRD]}"), routers))
                .containsExactly("a@file", "b@kubernetescrd");
        assertThat(order(statics("entryPoints: {web: {address: ':0'}}\nproviders: {precedence: [docker]}"), routers))
                .as("neither listed: by name").containsExactly("a@file", "b@kubernetescrd");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            [nosuch]        | provider "nosuch" is not a valid provider name
            [file, traefik] | provider "traefik" is not a valid provider name
            """)
    void anUnknownProviderStopsTheStartAsInTraefik(String list, String message) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> statics("entryPoints: {web: {address: ':0'}}\nproviders: {precedence: " + list + "}"))
                .hasMessageContaining("providers.precedence").hasMessageContaining(message);
    }
}
