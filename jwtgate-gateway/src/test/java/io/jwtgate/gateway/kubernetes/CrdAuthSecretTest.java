package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.provider.kubernetes.CrdSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code spec.basicAuth.secret} and {@code spec.digestAuth.secret}, translated without a gateway:
 * the rules of Traefik's createBasicAuthMiddleware / createDigestAuthMiddleware (loadBasicAuthCredentials,
 * loadAuthCredentials), as data.
 */
class CrdAuthSecretTest {

    static final String SECRETS = """
            apiVersion: v1
            kind: Secret
            metadata: {name: basic, namespace: apps}
            type: kubernetes.io/basic-auth
            stringData: {username: alice, password: wonderland}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: htpasswd, namespace: apps}
            data: {users: dGVzdDokYXByMSRINnVza2trVyRJZ1hMUDZld1RyU3VCa1RycUU4d2ovCg==}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: two-keys, namespace: apps}
            stringData: {a: "x:y", b: "z:w"}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: blank, namespace: apps}
            stringData: {users: "\\n\\n"}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: no-password, namespace: apps}
            type: kubernetes.io/basic-auth
            stringData: {username: alice}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: bad-base64, namespace: apps}
            data: {users: "a"}  # not base64 (one character)
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: elsewhere, namespace: other}
            stringData: {users: "test:traefik:a2688e031edb4be6a3797f3882655c05"}
            """;

    static DynamicConfig translate(String type, String options) throws Exception {
        return CrdTranslationTest.translate(SECRETS + """
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: auth, namespace: apps}
                spec: {%s: %s}
                """.formatted(type, options), false, null).config();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "basicAuth  | {secret: basic, realm: r, removeHeader: true} | {username=urn:k8s:secret:basic:username, password=urn:k8s:secret:basic:password}",
            "basicAuth  | {secret: htpasswd}                            | {users=urn:k8s:secret:htpasswd:users}",
            "digestAuth | {secret: htpasswd, headerField: X-User}       | {users=urn:k8s:secret:htpasswd:users}",
    })
    void aUsableSecretBecomesReferencesToItsKeys(String type, String options, String secret) throws Exception {
        DynamicConfig config = translate(type, options);
        assertThat(config.errors()).isEmpty();
        MiddlewareConfig m = config.middlewares().get("apps-auth@kubernetescrd");
        assertThat(m.type()).isEqualTo(type);
        assertThat(m.options().toPlain()).asInstanceOf(MAP)
                .hasEntrySatisfying("secret", s -> assertThat(s).hasToString(secret));
        assertThat(String.valueOf(m.options().toPlain())).doesNotContain("wonderland").doesNotContain("$apr1$");
        assertThat(m.revision()).as("follows the values").contains(secret.contains("users=") ? "urn:k8s:secret:htpasswd:users="
                : "urn:k8s:secret:basic:password=");
    }

    @Test
    void theOtherOptionsAreKept() throws Exception {
        Object options = translate("basicAuth", "{secret: basic, realm: r, removeHeader: true, headerField: X-U}")
                .middlewares().get("apps-auth@kubernetescrd").options().toPlain();
        assertThat(options).asInstanceOf(MAP)
                .containsEntry("realm", "r").containsEntry("removeHeader", true).containsEntry("headerField", "X-U");
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "basicAuth  | {secret: missing}                     | Secret apps/missing does not exist",
            "digestAuth | {secret: missing}                     | Secret apps/missing does not exist",
            "basicAuth  | {secret: elsewhere}                   | Secret apps/elsewhere does not exist",
            "basicAuth  | {secret: two-keys}                    | Secret apps/two-keys has 2 keys [a, b]; it must have exactly one",
            "digestAuth | {secret: basic}                       | Secret apps/basic has 2 keys",
            "basicAuth  | {secret: blank}                       | Secret apps/blank holds no user",
            "digestAuth | {secret: blank}                       | Secret apps/blank holds no user",
            "basicAuth  | {secret: no-password}                 | lacks the username or the password key",
            "basicAuth  | {secret: bad-base64}                  | data.users is not valid base64",
            "basicAuth  | {secret: \"\"}                        | is empty",
            "basicAuth  | {secret: htpasswd, users: [\"a:b\"]}  | has both `secret` and `users`/`usersFile`",
    })
    void anUnusableSecretIsAnErrorOfTheMiddleware(String type, String options, String message) throws Exception {
        DynamicConfig config = translate(type, options);
        MiddlewareConfig m = config.middlewares().get("apps-auth@kubernetescrd");
        assertThat(m.error()).as("routers using it answer 503").isNotNull();
        assertThat(m.error().getMessage()).contains("Middleware apps/auth (test.yaml)").contains("spec." + type).contains(message);
    }

    @Test
    void theRevisionChangesWithTheSecretsValue() throws Exception {
        String before = translate("basicAuth", "{secret: basic}").middlewares().get("apps-auth@kubernetescrd").revision();
        String changed = CrdTranslationTest.translate(SECRETS.replace("password: wonderland", "password: looking-glass") + """
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: auth, namespace: apps}
                spec: {basicAuth: {secret: basic}}
                """, false, null).config().middlewares().get("apps-auth@kubernetescrd").revision();
        assertThat(changed).isNotEqualTo(before).doesNotContain("looking-glass");
    }

    @Test
    void theReferencesResolveToTheSecretsValues() throws Exception {
        CrdSnapshot snapshot = CrdTranslationTest.translate(SECRETS + """
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: auth, namespace: apps}
                spec: {basicAuth: {secret: basic}}
                """, false, null);
        assertThat(snapshot.resolveSecret("apps-auth@kubernetescrd", "urn:k8s:secret:basic:password")).isEqualTo("wonderland");
        assertThat(snapshot.resolveSecret("apps-auth@kubernetescrd", "urn:k8s:secret:htpasswd:users"))
                .isEqualTo("test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/\n");
    }
}
