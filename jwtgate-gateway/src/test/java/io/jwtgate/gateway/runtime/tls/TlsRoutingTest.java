package io.jwtgate.gateway.runtime.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jwtgate.gateway.config.dynamic.TlsOptionsConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Which options routers and SNI names get per entry point: Traefik's resolveHTTPTLSOptions table, and SNI lookups. */
class TlsRoutingTest {

    static TlsChoice use(String name, boolean strict) {
        TlsOptionsConfig d = TlsOptionsConfig.traefikDefault();
        TlsOptionsConfig c = new TlsOptionsConfig(name, d.minVersion(), d.maxVersion(), d.cipherSuites(), d.namedGroups(), d.clientAuthType(),
                d.caFiles(), strict, d.alpnProtocols(), d.disableSessionTickets(), "test", "file", null);
        return TlsOptionsCompiler.compile(c, e -> { throw new AssertionError(e); });
    }

    static TlsRouting routing(String... names) {
        Map<String, TlsChoice> compiled = new HashMap<>();
        compiled.put("default", use("default", false));
        for (String n : names) {
            compiled.put(n, use(n, false));
        }
        return new TlsRouting(compiled);
    }

    @TestFactory
    Stream<DynamicTest> traefikResolveHttpTlsOptions() throws Exception {
        JsonNode cases = new YAMLMapper().readTree(getClass().getResource("/tls/traefik-resolve-options.yaml"));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("desc").asText(), () -> {
                TlsRouting routing = routing("optsA@file", "optsB@file", "optsX@file", "optsY@file");
                Map<String, List<TlsRouting.Route>> byEntryPoint = new LinkedHashMap<>();
                c.get("routers").fields().forEachRemaining(r -> {
                    String options = r.getValue().path("options").asText("default");
                    String requested = options.equals("default") ? "default" : options + "@file";
                    r.getValue().get("entryPoints").forEach(ep -> byEntryPoint.computeIfAbsent(ep.asText(), k -> new ArrayList<>())
                            .add(new TlsRouting.Route(r.getKey(), r.getValue().get("rule").asText(), requested, "dynamic.yml")));
                });
                Set<String> reported = new TreeSet<>();
                Map<String, TlsRouting.EntryPointTls> results = new LinkedHashMap<>();
                byEntryPoint.forEach((ep, routes) -> results.put(ep, routing.entryPoint(ep, routes)));
                results.values().forEach(t -> t.conflicts().forEach(x -> x.routersByOption().values().forEach(reported::addAll)));
                results.values().forEach(t -> t.hostless().forEach(h -> reported.add(h.router())));
                c.get("expect").fields().forEachRemaining(e -> {
                    String[] parts = e.getKey().split(" on ");
                    assertThat(results.get(parts[1]).byRouter().get(parts[0]).name()).as(e.getKey()).isEqualTo(e.getValue().asText());
                });
                Set<String> expectedReported = new TreeSet<>();
                c.path("reported").forEach(r -> expectedReported.add(r.asText()));
                assertThat(reported).isEqualTo(expectedReported);
                c.get("sni").fields().forEachRemaining(ep -> {
                    SniOptions sni = results.get(ep.getKey()).sni();
                    ep.getValue().fields().forEachRemaining(h -> assertThat(sni.choose(h.getKey()).name()).as(ep.getKey() + " " + h.getKey())
                            .isEqualTo(h.getValue().asText()));
                    assertThat(sni.choose("unrelated.example").name()).isEqualTo("default");
                    assertThat(sni.choose(null).name()).isEqualTo("default");
                });
            }));
        }
        return tests.stream();
    }

    @Test
    void sniNamesMatchCaseInsensitivelyWithoutTheTrailingDotAndWildcardsCoverOneLabel() {
        TlsRouting routing = routing("a@file", "w@file", "any@file", "fqdn@file");
        SniOptions sni = routing.entryPoint("ep", List.of(
                new TlsRouting.Route("r1@file", "Host(`A.Example.com`) || Host(`other.example.com`)", "a@file", "t"),
                new TlsRouting.Route("r2@file", "Host(`*.wild.example.com`)", "w@file", "t"),
                new TlsRouting.Route("r3@file", "Host(`site.example.com.`)", "fqdn@file", "t"),
                new TlsRouting.Route("r4@file", "!Host(`negated.example.com`) && PathPrefix(`/`)", "a@file", "t"),
                new TlsRouting.Route("r5@file", "HostRegexp(`^re\\.example\\.com$`)", "default", "t"))).sni();
        assertThat(sni.choose("a.example.com").name()).isEqualTo("a@file");
        assertThat(sni.choose("A.EXAMPLE.COM.").name()).isEqualTo("a@file");
        assertThat(sni.choose("other.example.com").name()).isEqualTo("a@file");
        assertThat(sni.choose("x.wild.example.com").name()).isEqualTo("w@file");
        assertThat(sni.choose("y.x.wild.example.com").name()).as("one label only").isEqualTo("default");
        assertThat(sni.choose("wild.example.com").name()).isEqualTo("default");
        assertThat(sni.choose("site.example.com").name()).isEqualTo("fqdn@file");
        // Traefik's ParseDomains takes Host values anywhere in the rule, negated or not; HostRegexp is no host name.
        assertThat(sni.choose("negated.example.com").name()).isEqualTo("a@file");
        assertThat(sni.choose("re.example.com").name()).isEqualTo("default");
        assertThat(sni.choose("").name()).isEqualTo("default");
    }

    @Test
    void unknownOptionsAreRefusedForTheirHostsAndRouters() {
        TlsRouting.EntryPointTls tls = routing().entryPoint("ep", List.of(new TlsRouting.Route("r@file", "Host(`a.test`)", "unknown@file",
                "t")));
        assertThat(tls.sni().choose("a.test")).isInstanceOfSatisfying(TlsChoice.Refuse.class,
                r -> assertThat(r.reason()).isEqualTo("TLS options 'unknown@file' do not exist"));
        assertThat(tls.byRouter().get("r@file")).isInstanceOf(TlsChoice.Refuse.class);
        assertThat(tls.sni().choose("b.test").name()).isEqualTo("default");
    }

    @Test
    void aConflictIsReportedOnceWithItsHostsEntryPointsRoutersAndOptions() {
        // Ten routers of two hosts on two entry points, one of them asking for other options: one mistake, one message.
        TlsRouting routing = routing("a@file", "b@file");
        List<TlsRouting.Route> routes = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            routes.add(new TlsRouting.Route("r" + i + "@file", "(Host(`x.test`) || Host(`y.test`)) && PathPrefix(`/p" + i + "`)", "a@file",
                    "dynamic.yml"));
        }
        routes.add(new TlsRouting.Route("odd@file", "Host(`x.test`) || Host(`y.test`)", "b@file", "other.yml"));
        routes.add(new TlsRouting.Route("alone@file", "Host(`z.test`)", "b@file", "other.yml"));
        Map<String, TlsRouting.EntryPointTls> byEntryPoint = new LinkedHashMap<>();
        for (String ep : List.of("websecure", "web")) {
            byEntryPoint.put(ep, routing.entryPoint(ep, routes));
        }
        assertThat(byEntryPoint.get("web").byRouter().get("r3@file").name()).isEqualTo("default");
        assertThat(byEntryPoint.get("web").byRouter().get("alone@file").name()).isEqualTo("b@file");
        assertThat(TlsConflicts.report(byEntryPoint)).extracting(Exception::getMessage).containsExactly(
                "dynamic.yml: http.routers.r0.tls.options: on entry points websecure, web, hosts x.test, y.test are served by routers with"
                        + " different TLS options [a@file: r0@file, r1@file, r2@file, r3@file, r4@file, r5@file, r6@file, r7@file,"
                        + " r8@file; b@file: odd@file], so the default TLS options apply to all of them there (fix: give every router"
                        + " of a host the same tls.options)");

        List<String> single = TlsConflicts.report(Map.of("websecure", routing.entryPoint("websecure", List.of(
                new TlsRouting.Route("r1@file", "Host(`x.test`)", "a@file", "dynamic.yml"),
                new TlsRouting.Route("r2@file", "Host(`x.test`) && Path(`/b`)", "b@file", "dynamic.yml")))))
                .stream().map(Exception::getMessage).toList();
        assertThat(single).containsExactly("dynamic.yml: http.routers.r1.tls.options: on entry point websecure, host x.test is served by"
                + " routers with different TLS options [a@file: r1@file; b@file: r2@file], so the default TLS options apply to all of them"
                + " there (fix: give every router of a host the same tls.options)");
    }

    @Test
    void aRouterWithoutHostAskingForOptionsIsReportedByNameOnceForAllItsEntryPoints() {
        TlsRouting routing = routing("a@file");
        List<TlsRouting.Route> routes = List.of(new TlsRouting.Route("p@file", "PathPrefix(`/`)", "a@file", "dynamic.yml"));
        Map<String, TlsRouting.EntryPointTls> one = Map.of("websecure", routing.entryPoint("websecure", routes));
        assertThat(TlsConflicts.report(one)).extracting(Exception::getMessage).containsExactly("dynamic.yml: http.routers.p.tls.options:"
                + " the rule has no Host matcher, so the TLS options 'a@file' cannot be chosen by SNI; on entry point websecure this"
                + " router is served with the default TLS options (fix: add Host(`...`) to the rule, or remove tls.options)");
        Map<String, TlsRouting.EntryPointTls> two = new LinkedHashMap<>();
        two.put("websecure", routing.entryPoint("websecure", routes));
        two.put("admin", routing.entryPoint("admin", routes));
        assertThat(two.get("admin").byRouter().get("p@file").name()).isEqualTo("default");
        assertThat(TlsConflicts.report(two)).extracting(Exception::getMessage).singleElement().asString()
                .contains("on entry points websecure, admin this router is served with the default TLS options");
    }
}
