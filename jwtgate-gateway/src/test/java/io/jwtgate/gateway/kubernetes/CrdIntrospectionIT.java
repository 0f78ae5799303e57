package io.jwtgate.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code spec.plugin.oAuthIntrospection} of a Middleware, as Traefik Hub writes it, with the endpoint's client
 * authentication in a Secret ({@code urn:k8s:secret:}); a changed Secret rebuilds the middleware.
 */
class CrdIntrospectionIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String MANIFESTS = """
            apiVersion: v1
            kind: Secret
            metadata: {name: introspection-client, namespace: apps}
            stringData:
              authorization: "%s"
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: introspect, namespace: apps}
            spec:
              plugin:
                oAuthIntrospection:
                  tokenSource: {header: Authorization, headerAuthScheme: Bearer}
                  clientConfig:
                    url: "%s"
                    headers:
                      Authorization: urn:k8s:secret:introspection-client:authorization
                  tokenTypeHint: access_token
                  forwardHeaders: {X-Subject: sub}
                  cacheTtl: 0s
            """ + KubeGateway.ingressRoute("""
            - match: PathPrefix(`/`)
              kind: Rule
              middlewares: [{name: introspect}]
              services: [{name: whoami, port: 80}]
            """);

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theClientAuthenticationComesFromTheSecret() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        Backend whoami = closing.add(Backend.echo("whoami"));
        // An RFC 7662 endpoint: the client must authenticate; one token is active.
        Backend endpoint = closing.add(Backend.start(request -> request.body().onSuccess(body -> {
            String auth = request.getHeader("Authorization");
            authorizations.add(auth);
            if (!basic("gateway", "s3cret").equals(auth)) {
                request.response().setStatusCode(401).putHeader("Content-Type", "application/json").end("{\"error\":\"invalid_client\"}");
                return;
            }
            boolean active = body.toString().contains("token=opaque-123") && body.toString().contains("token_type_hint=access_token");
            request.response().putHeader("Content-Type", "application/json")
                    .end(active ? "{\"active\":true,\"sub\":\"svc-account\"}" : "{\"active\":false}");
        })));
        String url = "http://127.0.0.1:" + endpoint.port() + "/introspect";
        try (KubeGateway gw = KubeGateway.crd(MANIFESTS.formatted(basic("gateway", "s3cret"), url)).service("apps/whoami:80", whoami.url()).start()) {
            assertThat(gw.gateway.problems()).isEmpty();
            var ok = gw.get("/orders", "Authorization", "Bearer opaque-123");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(new JsonObject(ok.body()).getJsonObject("headers").getJsonArray("x-subject").getList()).containsExactly("svc-account");
            assertThat(gw.get("/orders", "Authorization", "Bearer opaque-456").statusCode()).isEqualTo(401);
            assertThat(authorizations).allMatch(basic("gateway", "s3cret")::equals);

            // A rotated client secret that the endpoint does not know: every request is denied (fail closed).
            gw.rewriteManifests(MANIFESTS.formatted(basic("gateway", "rotated"), url));
            gw.awaitStatus("/orders", 401, "Authorization", "Bearer opaque-123");
            assertThat(authorizations.get(authorizations.size() - 1)).isEqualTo(basic("gateway", "rotated"));
        }
    }
}
