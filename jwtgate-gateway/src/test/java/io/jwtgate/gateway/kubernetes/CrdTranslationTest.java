package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.RouterConfig;
import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.gateway.config.statics.KubernetesCrdConfig;
import io.jwtgate.gateway.provider.kubernetes.CrdSnapshot;
import io.jwtgate.gateway.provider.kubernetes.KubeResource;
import io.jwtgate.gateway.provider.kubernetes.LabelSelector;
import io.jwtgate.gateway.provider.kubernetes.ManifestReader;
import io.jwtgate.gateway.provider.kubernetes.ResourceSet;
import io.jwtgate.gateway.proxy.LoadBalancerService;
import io.jwtgate.gateway.proxy.WeightedService;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Manifests to dynamic configuration, without a gateway: names, services, secrets, references. */
class CrdTranslationTest {

    static CrdSnapshot translate(String yaml, boolean allowCrossNamespace, String selector) throws Exception {
        return translate(yaml, allowCrossNamespace, selector, m -> {});
    }

    static CrdSnapshot translate(String yaml, boolean allowCrossNamespace, String selector, java.util.function.Consumer<String> warn)
            throws Exception {
        List<KubeResource> resources = new ArrayList<>();
        ManifestReader.parse(yaml, "test.yaml", resources);
        KubernetesCrdConfig config = new KubernetesCrdConfig(null, null, false, List.of(), selector, null, null, null,
                allowCrossNamespace, false, Duration.ZERO, Duration.ofMinutes(10),
                Map.of("apps/mapped:http", List.of(URI.create("http://127.0.0.1:9000"))), "test");
        return CrdSnapshot.build(ResourceSet.of(resources, List.of(), LabelSelector.parse(selector), m -> {}), config, warn);
    }

    static final String ROUTE = """
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: r, namespace: apps}
            spec:
              routes:
                - match: PathPrefix(`/`)
                  kind: Rule
                  middlewares: [{name: chained}]
                  services:
                    - {name: whoami, port: 80, weight: 3}
                    - {name: mapped, port: http}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: whoami, namespace: apps}
            spec: {ports: [{port: 80}]}
            ---
            apiVersion: traefik.containo.us/v1alpha1
            kind: Middleware
            metadata: {name: chained, namespace: apps}
            spec:
              chain:
                middlewares: [{name: strip}, {name: jwt}]
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: strip, namespace: apps}
            spec: {stripPrefix: {prefixes: [/api]}}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: jwt, namespace: apps}
            spec: {plugin: {jwt: {signingSecret: "urn:k8s:secret:jwt:key"}}}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: jwt, namespace: apps}
            data: {key: c2VjcmV0LWZyb20tZGF0YQ==, other: b3RoZXI=}
            stringData: {other: from-string-data}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: skipped, namespace: apps}
            """;

    @Test
    void severalServicesMakeAWeightedServiceAndChainsAreQualified() throws Exception {
        DynamicConfig config = translate(ROUTE, false, null).config();
        assertThat(config.errors()).isEmpty();
        RouterConfig router = config.routers().values().iterator().next();
        assertThat(router.name()).matches("apps-r-[0-9a-f]{20}@kubernetescrd");
        assertThat(router.entryPoints()).isEmpty();
        ServiceConfig weighted = config.services().get(router.service());
        assertThat(weighted.type()).isEqualTo("weighted");
        assertThat(WeightedService.Options.parse(weighted.options(), w -> { }).services()).containsExactly(
                new WeightedService.Ref("apps-whoami-80@kubernetescrd", 3), new WeightedService.Ref("apps-mapped-http@kubernetescrd", 1));
        assertThat(loadBalancer(config, "apps-whoami-80@kubernetescrd").servers().get(0).url())
                .as("no EndpointSlice known: the cluster DNS name").hasToString("http://whoami.apps.svc:80");
        assertThat(loadBalancer(config, "apps-mapped-http@kubernetescrd").servers().get(0).url())
                .hasToString("http://127.0.0.1:9000");
        assertThat(config.middlewares().get("apps-chained@kubernetescrd").options().toPlain())
                .isEqualTo(Map.of("middlewares", List.of("apps-strip@kubernetescrd", "apps-jwt@kubernetescrd")));
        assertThat(config.middlewares().get("apps-jwt@kubernetescrd").revision()).startsWith("urn:k8s:secret:jwt:key=");
    }

    @Test
    void secretsDecodeDataAndPreferStringDataAndNameWhatIsMissing() throws Exception {
        CrdSnapshot snapshot = translate(ROUTE, false, null);
        assertThat(snapshot.resolveSecret("apps-jwt@kubernetescrd", "urn:k8s:secret:jwt:key")).isEqualTo("secret-from-data");
        assertThat(snapshot.resolveSecret("apps-jwt@kubernetescrd", "urn:k8s:secret:jwt:other")).isEqualTo("from-string-data");
        assertThat(snapshot.resolveSecret("apps-jwt@kubernetescrd", "literal")).isNull();
        assertThatThrownBy(() -> snapshot.resolveSecret("apps-jwt@kubernetescrd", "urn:k8s:secret:jwt:nope"))
                .hasMessageContaining("Secret apps/jwt has no key 'nope'").hasMessageContaining("[key, other]");
        assertThatThrownBy(() -> snapshot.resolveSecret("apps-jwt@kubernetescrd", "urn:k8s:secret:gone:key"))
                .hasMessageContaining("Secret 'gone' does not exist in namespace 'apps'");
        assertThatThrownBy(() -> snapshot.resolveSecret("apps-jwt@kubernetescrd", "urn:k8s:my-secret:x:y"))
                .hasMessageContaining("urn:k8s:secret:<secret-name>:<key>");
    }

    @Test
    void crossNamespaceReferencesAreRefusedUnlessAllowed() throws Exception {
        String yaml = """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r, namespace: apps}
                spec:
                  routes:
                    - match: Path(`/x`)
                      middlewares: [{name: auth, namespace: security}]
                      services: [{name: s, port: 80}]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: auth, namespace: security}
                spec: {basicAuth: {secret: users}}
                """;
        DynamicConfig refused = translate(yaml, false, null).config();
        assertThat(refused.errors()).extracting(Exception::getMessage).anyMatch(m -> m.contains("IngressRoute apps/r (test.yaml)")
                && m.contains("spec.routes[0].middlewares[0].namespace") && m.contains("allowCrossNamespace"));
        DynamicConfig allowed = translate(yaml, true, null).config();
        RouterConfig router = allowed.routers().values().iterator().next();
        assertThat(router.middlewares()).containsExactly("security-auth@kubernetescrd");
        assertThat(allowed.services().get(router.service()).error()).as("Service apps/s is missing: the route answers 503 (Traefik drops it)")
                .hasMessageContaining("Service apps/s does not exist");
        assertThat(allowed.middlewares().get("security-auth@kubernetescrd").error()).as("its Secret is missing: routers using it answer 503")
                .hasMessageContaining("Secret security/users does not exist");
    }

    @Test
    void endpointSlicesGiveServingPodAddressesAndTlsSecretsGiveCertificates() throws Exception {
        String yaml = """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r, namespace: apps}
                spec:
                  entryPoints: [websecure]
                  tls: {secretName: cert}
                  routes:
                    - match: Host(`a.example`)
                      services: [{name: web, port: 8080}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: apps}
                spec: {ports: [{port: 8080, name: http, targetPort: 80}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: web-1, namespace: apps, labels: {kubernetes.io/service-name: web}}
                ports: [{name: http, port: 80}]
                endpoints:
                  - addresses: [10.0.0.1]
                    conditions: {ready: true}
                  - addresses: [10.0.0.2]
                    conditions: {ready: false, serving: false}
                  - addresses: ["fd00::3"]
                ---
                apiVersion: v1
                kind: Secret
                type: kubernetes.io/tls
                metadata: {name: cert, namespace: apps}
                stringData:
                  tls.crt: "-----BEGIN CERTIFICATE-----\\nx\\n-----END CERTIFICATE-----"
                  tls.key: "-----BEGIN PRIVATE KEY-----\\nx\\n-----END PRIVATE KEY-----"
                """;
        DynamicConfig config = translate(yaml, false, null).config();
        RouterConfig router = config.routers().values().iterator().next();
        assertThat(router.tls()).isTrue();
        assertThat(loadBalancer(config, router.service()).servers())
                .extracting(s -> s.url().toString()).containsExactly("http://10.0.0.1:80", "http://[fd00::3]:80");
        assertThat(config.certificates()).hasSize(1);
        assertThat(config.certificates().get(0).source()).isEqualTo("Secret apps/cert");
    }

    @Test
    void labelSelectorFiltersTraefikResourcesAndBadYamlNamesTheDocument() throws Exception {
        String yaml = """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: a, namespace: apps, labels: {team: x}}
                spec: {addPrefix: {prefix: /a}}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: b, namespace: apps}
                spec: {addPrefix: {prefix: /b}}
                """;
        assertThat(translate(yaml, false, "team=x").config().middlewares()).containsOnlyKeys("apps-a@kubernetescrd");
        assertThat(translate(yaml, false, "team notin (x)").config().middlewares()).containsOnlyKeys("apps-b@kubernetescrd");
        assertThatThrownBy(() -> translate("kind: Secret\napiVersion: v1\nmetadata: {name: s}\n---\na: [b\n", false, null))
                .hasMessageContaining("test.yaml").hasMessageContaining("document 2");
        assertThatThrownBy(() -> translate("apiVersion: traefik.io/v9\nkind: Middleware\nmetadata: {name: m}\n", false, null))
                .hasMessageContaining("traefik.io/v9").hasMessageContaining("traefik.io/v1alpha1");
    }

    /** The load balancer a provider wrote, read by the same parser the runtime uses. */
    private static LoadBalancerService.Options loadBalancer(DynamicConfig config, String name) throws Exception {
        ServiceConfig s = config.services().get(name);
        assertThat(s.type()).isEqualTo("loadBalancer");
        return LoadBalancerService.Options.parse(s.options(), w -> { });
    }

    @Test
    void ingressRouteServiceOptionsBecomeTheLoadBalancersOptions() throws Exception {
        String route = """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: apps}
                spec: {ports: [{port: 80}]}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r, namespace: apps}
                spec:
                  entryPoints: [web]
                  routes:
                    - match: PathPrefix(`/`)
                      kind: Rule
                      services:
                        - name: web
                          port: 80
                          sticky: {cookie: {name: s}}
                          serversTransport: mytransport
                          strategy: p2c
                          passHostHeader: false
                          responseForwarding: {flushInterval: 10ms}
                """;
        DynamicConfig config = translate(route, false, null).config();
        RouterConfig router = config.routers().values().iterator().next();
        assertThat(router.service()).as("a single Service's load balancer is named after the router, as Traefik").isEqualTo(router.name());
        assertThat(config.services().get(router.service()).options().toPlain()).isEqualTo(Map.of(
                "servers", List.of(Map.of("url", "http://web.apps.svc:80")), "strategy", "p2c", "passHostHeader", false,
                "responseForwarding", Map.of("flushInterval", "10ms"), "sticky", Map.of("cookie", Map.of("name", "s", "path", "/")),
                "serversTransport", "apps-mytransport@kubernetescrd"));
        DynamicConfig health = translate(route + "          healthCheck: {path: /health}\n", false, null).config();
        RouterConfig checked = health.routers().values().iterator().next();
        assertThat(health.services().get(checked.service()).error()).as("Traefik: healthCheck only for ExternalName Services")
                .hasMessageContaining("only for ExternalName");
    }
}
