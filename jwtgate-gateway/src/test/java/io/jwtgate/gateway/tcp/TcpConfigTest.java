package io.jwtgate.gateway.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.config.YamlDocuments;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.DynamicConfigParser;
import io.jwtgate.gateway.config.dynamic.TcpConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code tcp} section: what is read, what is refused, what is reported as not supported (never silently ignored). */
class TcpConfigTest {

    final List<String> warnings = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    DynamicConfig parse(String yaml) throws Exception {
        return new DynamicConfigParser("file", warnings::add).add(YamlDocuments.parse(yaml, "dynamic.yml")).build();
    }

    Map<String, TcpRoutes> build(DynamicConfig config) {
        return new TcpRoutesBuilder(config.tcp(), (name, e) -> problems.add(name + ": " + e.getMessage())).build(Set.of("web"), (ep, r) -> null);
    }

    @Test
    void routersAndServicesAreRead() throws Exception {
        DynamicConfig c = parse("""
                tcp:
                  routers:
                    r: {rule: "HostSNI(`a.test`)", service: s, tls: {passthrough: true}, priority: 7}
                  services:
                    s: {loadBalancer: {servers: [{address: "10.0.0.1:5432"}, {address: "[::1]:5433"}], proxyProtocol: {version: 2}}}
                    w: {weighted: {services: [{name: s, weight: 2}]}}
                """);
        assertThat(c.errors()).isEmpty();
        assertThat(c.tcp().routers().get("r@file")).isEqualTo(new TcpConfig.Router("r@file", "HostSNI(`a.test`)", List.of(), "s@file", 7,
                new TcpConfig.Tls(true, "default"), "dynamic.yml", null));
        assertThat(c.tcp().services().get("s@file").servers()).containsExactly("10.0.0.1:5432", "[::1]:5433");
        assertThat(c.tcp().services().get("s@file").proxyProtocol()).isEqualTo(2);
        assertThat(c.tcp().services().get("w@file").weighted()).containsExactly(new TcpConfig.Weighted("s@file", 2));
        TcpRoutes routes = build(c).get("web");
        assertThat(problems).isEmpty();
        assertThat(routes.tls()).extracting(TcpRoute::name).containsExactly("r@file");
        TcpService.Server first = routes.tls().get(0).service().next();
        TcpService.Server second = routes.tls().get(0).service().next();
        assertThat(List.of(first, second)).containsExactly(new TcpService.Server("10.0.0.1", 5432, 2), new TcpService.Server("::1", 5433, 2));
    }

    @Test
    void udpAndUnsupportedTcpKeysAreReported() throws Exception {
        parse("""
                udp:
                  routers: {u: {service: s}}
                tcp:
                  middlewares: {m: {ipAllowList: {sourceRange: [10.0.0.0/8]}}}
                  serversTransports: {t: {dialTimeout: 5s}}
                  services:
                    s: {loadBalancer: {servers: [{address: "10.0.0.1:1"}], terminationDelay: 100, serversTransport: t}}
                """);
        assertThat(warnings).anyMatch(w -> w.startsWith("dynamic.yml: udp:") && w.contains("not supported"));
        assertThat(warnings).anyMatch(w -> w.contains("tcp.middlewares") && w.contains("not supported"));
        assertThat(warnings).anyMatch(w -> w.contains("tcp.serversTransports") && w.contains("not supported"));
        assertThat(warnings).anyMatch(w -> w.contains("terminationDelay"));
        assertThat(warnings).anyMatch(w -> w.contains("loadBalancer.serversTransport"));
    }

    @Test
    void invalidDefinitionsAreRefusedAndTheRestServes() throws Exception {
        DynamicConfig c = parse("""
                tcp:
                  routers:
                    no-tls: {rule: "HostSNI(`a.test`)", service: s}
                    bad-rule: {rule: "HostSNI(`a.test`", service: s, tls: {}}
                    missing: {rule: "HostSNI(`b.test`)", service: nope, tls: {}}
                    loop: {rule: "HostSNI(`c.test`)", service: l1, tls: {}}
                    with-mw: {rule: "HostSNI(`*`)", service: s, middlewares: [m]}
                    good: {rule: "HostSNI(`*`)", service: s}
                  services:
                    s: {loadBalancer: {servers: [{address: "10.0.0.1:1"}]}}
                    bad: {loadBalancer: {servers: [{address: "no-port"}]}}
                    l1: {weighted: {services: [{name: l2}]}}
                    l2: {weighted: {services: [{name: l1}]}}
                """);
        assertThat(c.errors()).extracting(Throwable::getMessage)
                .anyMatch(m -> m.contains("tcp.services.bad.loadBalancer.servers") && m.contains("not host:port"))
                .anyMatch(m -> m.contains("tcp.routers.with-mw.middlewares"));
        TcpRoutes routes = build(c).get("web");
        assertThat(routes.plain()).extracting(TcpRoute::name).containsExactly("good@file");
        assertThat(routes.tls()).isEmpty();
        assertThat(problems).anyMatch(p -> p.startsWith("no-tls@file") && p.contains("HostSNI matcher but no tls"))
                .anyMatch(p -> p.startsWith("bad-rule@file") && p.contains("tcp.routers.bad-rule.rule"))
                .anyMatch(p -> p.startsWith("missing@file") && p.contains("'nope@file' does not exist"))
                .anyMatch(p -> p.startsWith("loop@file") && p.contains("contains itself"));
    }
}
