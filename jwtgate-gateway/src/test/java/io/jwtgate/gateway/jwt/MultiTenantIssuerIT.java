package io.jwtgate.gateway.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.JwksServer;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Entra-style multi-tenant tokens (issue 17): one key set signs the tokens of every tenant, as
 * {@code https://login.microsoftonline.com/common/discovery/v2.0/keys} does; an {@code issuer} template
 * with {@code allowedTenants} lets in only the listed tenant, and {@code tid} must name the tenant of {@code iss}.
 */
class MultiTenantIssuerIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String ALLOWED = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String OTHER = "9188040d-6c67-4c5b-b112-36a304b66dad";
    static final String TEMPLATE = "https://login.microsoftonline.com/{tenantid}/v2.0";
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        JwksServer common = closing.add(new JwksServer(JwksServer.set(JwksServer.jwk(JwksServer.GOOD, "entra-1"))));
        Backend backend = closing.add(Backend.echo("b"));
        gw = closing.add(TestGateway.builder()
                .staticYaml("""
                accessLog:
                  filePath: access.log
                  format: json
                """)
                .start("""
                http:
                  middlewares:
                    one-url:
                      plugin:
                        jwt:
                          jwksUrl: "%1$s"
                          issuer: "%2$s"
                          allowedTenants: ["%3$s"]
                    trusted:
                      plugin:
                        jwt:
                          trustedIssuers:
                            - issuer: "%2$s"
                              jwksUrl: "%1$s"
                              allowedTenants: ["%3$s"]
                    any-tenant:
                      plugin:
                        jwt:
                          jwksUrl: "%1$s"
                          issuer: "%2$s"
                  routers:
                    one-url: {rule: PathPrefix(`/one-url`), service: b, middlewares: [one-url]}
                    trusted: {rule: PathPrefix(`/trusted`), service: b, middlewares: [trusted]}
                    any: {rule: PathPrefix(`/any`), service: b, middlewares: [any-tenant]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%4$s"}]}}
                """.formatted(common.url(), TEMPLATE, ALLOWED, backend.url())));
    }

    static String token(String issTenant, String tid) {
        return Jose.rs256(JwksServer.GOOD, "entra-1", "{\"iss\":\"https://login.microsoftonline.com/" + issTenant + "/v2.0\""
                + (tid == null ? "" : ",\"tid\":\"" + tid + "\"") + ",\"sub\":\"u\",\"exp\":" + (Jose.now() + 600) + "}");
    }

    static HttpResponse<String> call(String path, String token) throws Exception {
        return Http.get(gw.url(path), "Authorization", "Bearer " + token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/one-url", "/trusted"})
    void onlyTheAllowedTenantOfTheSharedKeySetGetsIn(String path) throws Exception {
        assertThat(call(path, token(ALLOWED, ALLOWED)).statusCode()).isEqualTo(200);
        HttpResponse<String> other = call(path, token(OTHER, OTHER));
        assertThat(other.statusCode()).as("a tenant outside allowedTenants, same keys").isEqualTo(401);
        assertThat(other.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertThat(call(path, token(ALLOWED, OTHER)).statusCode()).as("tid names another tenant than iss").isEqualTo(401);
        assertThat(call(path, token(ALLOWED, null)).statusCode()).as("no tid").isEqualTo(401);
        assertThat(call(path, Jose.rs256(JwksServer.GOOD, "entra-1", "{\"iss\":\"https://evil.example/" + ALLOWED + "/v2.0\",\"tid\":\""
                + ALLOWED + "\"}")).statusCode()).as("an iss of another shape").isEqualTo(401);
    }

    @Test
    void withoutAllowedTenantsEveryTenantIsAcceptedButTidMustStillMatch() throws Exception {
        assertThat(call("/any", token(OTHER, OTHER)).statusCode()).isEqualTo(200);
        assertThat(call("/any", token(OTHER, ALLOWED)).statusCode()).isEqualTo(401);
    }

    @Test
    void theOpenConfigurationIsReportedAndTheReasonsReachTheAccessLog() throws Exception {
        assertThat(gw.configWarnings()).noneMatch(w -> w.contains("multi-tenant")); // 127.0.0.1 is not Entra's common key set
        call("/one-url", token(OTHER, OTHER));
        call("/one-url", token(ALLOWED, OTHER));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        List<String> lines = List.of();
        while (Instant.now().isBefore(deadline)) {
            lines = Files.exists(gw.dir().resolve("access.log")) ? Files.readAllLines(gw.dir().resolve("access.log")) : List.of();
            if (lines.stream().anyMatch(l -> l.contains("TENANT_MISMATCH"))) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(lines.stream().map(l -> new JsonObject(l).getString("JwtReason")).toList())
                .contains("TENANT_NOT_ALLOWED", "TENANT_MISMATCH");
    }
}
