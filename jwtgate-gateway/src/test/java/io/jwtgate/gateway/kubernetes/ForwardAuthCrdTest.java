package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.provider.kubernetes.CrdSnapshot;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code spec.forwardAuth.tls.caSecret} and {@code certSecret}: which Secret key Traefik's CRD provider reads, and what it refuses. */
class ForwardAuthCrdTest {

    static final String MANIFESTS = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: auth, namespace: apps}
            spec:
              forwardAuth:
                address: https://auth.apps.svc/verify
                trustForwardHeader: true
                tls: {%s, insecureSkipVerify: false}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: both, namespace: apps}
            stringData: {tls.ca: "CA-A", ca.crt: "CA-B", other: x}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: cacrt, namespace: apps}
            stringData: {ca.crt: "CA-B", other: x}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: single, namespace: apps}
            stringData: {root.pem: "CA-C"}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: nokey, namespace: apps}
            stringData: {a: x, b: y}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: client, namespace: apps}
            type: kubernetes.io/tls
            stringData: {tls.crt: CERT, tls.key: KEY}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: halfclient, namespace: apps}
            stringData: {tls.crt: CERT, tls.key: ""}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: elsewhere, namespace: other}
            stringData: {ca.crt: "CA-D"}
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "caSecret: both        | ca   | urn:k8s:secret:both:tls.ca     | CA-A",
        "caSecret: cacrt       | ca   | urn:k8s:secret:cacrt:ca.crt    | CA-B",
        "caSecret: single      | ca   | urn:k8s:secret:single:root.pem | CA-C",
        "certSecret: client    | cert | urn:k8s:secret:client:tls.crt  | CERT",
        "certSecret: client    | key  | urn:k8s:secret:client:tls.key  | KEY",
    })
    void secretsBecomeReferencesTheMiddlewareResolves(String tls, String key, String reference, String value) throws Exception {
        CrdSnapshot snapshot = CrdTranslationTest.translate(MANIFESTS.formatted(tls), false, null);
        MiddlewareConfig m = snapshot.config().middlewares().get("apps-auth@kubernetescrd");
        assertThat(m.error()).isNull();
        assertThat(m.type()).isEqualTo("forwardAuth");
        @SuppressWarnings("unchecked")
        Map<String, Object> options = (Map<String, Object>) m.options().toPlain();
        @SuppressWarnings("unchecked")
        Map<String, Object> tlsOptions = (Map<String, Object>) options.get("tls");
        assertThat(tlsOptions).containsEntry(key, reference).containsEntry("insecureSkipVerify", false)
                .doesNotContainKeys("caSecret", "certSecret");
        assertThat(options).containsEntry("address", "https://auth.apps.svc/verify").containsEntry("trustForwardHeader", true);
        assertThat(snapshot.resolveSecret("apps-auth@kubernetescrd", reference)).isEqualTo(value);
        assertThat(m.revision()).as("a change of the Secret rebuilds the middleware").contains(reference);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "caSecret: nokey       | spec.forwardAuth.tls.caSecret   | neither a tls.ca nor a ca.crt",
        "caSecret: gone        | spec.forwardAuth.tls.caSecret   | 'gone' does not exist in namespace 'apps'",
        "caSecret: elsewhere   | spec.forwardAuth.tls.caSecret   | 'elsewhere' does not exist in namespace 'apps'",
        "certSecret: cacrt     | spec.forwardAuth.tls.certSecret | lacks [tls.crt, tls.key]",
        "certSecret: halfclient | spec.forwardAuth.tls.certSecret | has empty [tls.key]",
        "ca: /etc/ca.pem       | spec.forwardAuth.tls.ca         | not a field of Traefik's Middleware CRD",
    })
    void whatTraefikRefusesDisablesTheMiddleware(String tls, String path, String message) throws Exception {
        MiddlewareConfig m = CrdTranslationTest.translate(MANIFESTS.formatted(tls), false, null).config().middlewares()
                .get("apps-auth@kubernetescrd");
        assertThat(m.error()).isNotNull();
        assertThat(m.error().getMessage()).contains("Middleware apps/auth").contains(path).contains(message);
    }
}
