package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.config.dynamic.TcpConfig;
import io.jwtgate.gateway.provider.kubernetes.CrdNames;
import io.jwtgate.gateway.provider.kubernetes.CrdSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What jwtgate does where Traefik's TCP CRD table has no say: the keys it does not implement refuse
 * the route or service (fail closed) or are reported, each with a message naming the key; what it
 * does implement (a ServersTransportTCP's proxyProtocol) is applied.
 */
class CrdTcpTranslationTest {

    private static final String SERVICE = """
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: db, namespace: apps}
            spec: {clusterIP: 10.0.0.9, ports: [{name: pg, port: 5432}]}
            """;

    static String route(String route, String tls) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteTCP
                metadata: {name: r, namespace: apps}
                spec:
                  entryPoints: [tcp]
                  routes:
                """ + ("- " + route.strip().replace("\n", "\n  ")).indent(4) + (tls.isEmpty() ? "" : "  tls: " + tls + "\n") + SERVICE;
    }

    /** {manifests, router error or null, service error or null, a warning expected or null, PROXY protocol version of the service} */
    static Stream<Arguments> cases() {
        String svc = "services: [{name: db, port: 5432, nativeLB: true}]";
        return Stream.of(
                Arguments.of(route("match: HostSNI(`*`)\n" + svc, ""), null, null, null, 0),
                Arguments.of(route("match: HostSNI(`*`)\nmiddlewares: [{name: allow}]\n" + svc, ""),
                        "TCP middlewares (ipAllowList, inFlightConn) are not supported by jwtgate", null, null, 0),
                Arguments.of(route("match: HostSNI(`*`)\nservices: [{name: db, port: 5432, nativeLB: true, tls: true}]", ""),
                        null, "TLS to TCP servers is not supported by jwtgate", null, 0),
                Arguments.of(route("match: HostSNI(`*`)\nservices: [{name: db, port: 5432, nativeLB: true, proxyProtocol: {}}]", ""),
                        null, null, null, 2),
                Arguments.of(route("match: HostSNI(`*`)\nservices: [{name: db, port: 5432, nativeLB: true, serversTransport: st}]", "")
                        + transport("{dialTimeout: 5s, proxyProtocol: {version: 1}}"), null, null, "dialTimeout: not supported by jwtgate", 1),
                Arguments.of(route("match: HostSNI(`*`)\nservices: [{name: db, port: 5432, nativeLB: true, serversTransport: st}]", "")
                        + transport("{tls: {serverName: db}}"), null, "asks for TLS to the servers", null, 0),
                Arguments.of(route("match: HostSNI(`*`)\nservices: [{name: db, port: 5432, nativeLB: true, serversTransport: nope}]", ""),
                        null, "ServersTransportTCP 'nope' does not exist in namespace apps", null, 0),
                Arguments.of(route("match: HostSNI(`*`)\nservices: [{name: db, nativeLB: true}]", ""),
                        null, "port: is required for a TCP service", null, 0),
                Arguments.of(route("match: HostSNI(`*`)\nservices: [{name: db, port: 5432, namespace: other}]", ""),
                        null, "is not in the IngressRouteTCP's namespace apps", null, 0),
                Arguments.of(route("match: HostSNI(`db.test`)\n" + svc, "{certResolver: le}"),
                        null, null, "certResolver: not supported by jwtgate: ACME certificates are not obtained for TCP routes", 0),
                Arguments.of(route("match: HostSNI(`*`)\nsyntax: v2\n" + svc, ""), "'v2' is not supported for TCP routes", null, null, 0),
                Arguments.of(route("match: HostSNI(`db.test`)\n" + svc, "{options: {name: strict, namespace: other}}"),
                        "refers to TLSOption other/strict in another namespace", null, null, 0));
    }

    static String transport(String spec) {
        return "---\napiVersion: traefik.io/v1alpha1\nkind: ServersTransportTCP\nmetadata: {name: st, namespace: apps}\nspec: " + spec + "\n";
    }

    @ParameterizedTest
    @MethodSource("cases")
    void translation(String manifests, String routerError, String serviceError, String warning, int proxyProtocol) throws Exception {
        List<String> warnings = new ArrayList<>();
        CrdSnapshot s = CrdTranslationTest.translate(manifests, false, null, warnings::add);
        TcpConfig tcp = s.config().tcp();
        assertThat(tcp.routers()).hasSize(1);
        TcpConfig.Router r = tcp.routers().values().iterator().next();
        assertThat(r.name()).startsWith("apps-r-").endsWith("@" + CrdNames.PROVIDER);
        if (routerError == null) {
            assertThat(r.error()).isNull();
            assertThat(r.service()).isEqualTo(r.name());
            assertThat(r.entryPoints()).containsExactly("tcp");
        } else {
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains(routerError);
        }
        TcpConfig.Service service = tcp.services().get(r.name());
        if (serviceError == null && routerError == null) {
            assertThat(service.error()).isNull();
            assertThat(service.servers()).containsExactly("10.0.0.9:5432");
            assertThat(service.proxyProtocol()).isEqualTo(proxyProtocol);
        } else if (serviceError != null) {
            assertThat(service.error()).isNotNull();
            assertThat(service.error().getMessage()).contains(serviceError);
        }
        if (warning != null) {
            assertThat(warnings).anyMatch(w -> w.contains(warning));
        }
    }

    @org.junit.jupiter.api.Test
    void anIngressRouteUdpIsReportedOncePerResourceAndServesNothing() throws Exception {
        String udp = """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteUDP
                metadata: {name: dns, namespace: apps}
                spec: {entryPoints: [udp], routes: [{services: [{name: dns, port: 53}]}]}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteUDP
                metadata: {name: syslog, namespace: apps}
                spec: {routes: [{services: [{name: syslog, port: 514}]}]}
                """;
        List<String> warnings = new ArrayList<>();
        CrdSnapshot s = CrdTranslationTest.translate(udp, false, null, warnings::add);
        assertThat(warnings).filteredOn(w -> w.contains("IngressRouteUDP apps/dns")).hasSize(1)
                .allMatch(w -> w.contains("UDP is not supported"));
        assertThat(warnings).filteredOn(w -> w.contains("IngressRouteUDP apps/syslog")).hasSize(1);
        assertThat(s.config().tcp().routers()).isEmpty();
        assertThat(s.config().routers()).isEmpty();
    }
}
