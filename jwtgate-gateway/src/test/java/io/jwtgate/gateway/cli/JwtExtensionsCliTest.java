package io.jwtgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jwtgate verify} on the JWT extensions of issue 17: each new deny reason is explained. */
class JwtExtensionsCliTest {

    static final String SECRET = CliTest.SECRET;
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    @TempDir
    static Path dir;
    static Path config;

    @BeforeAll
    static void writeConfig() throws Exception {
        config = dir.resolve("traefik.yml");
        Files.writeString(config, """
                entryPoints:
                  web:
                    address: "127.0.0.1:0"
                http:
                  middlewares:
                    tenants:
                      plugin:
                        jwt:
                          signingSecret: "%s"
                          issuer: https://login.microsoftonline.com/{tenantid}/v2.0
                          allowedTenants: ["%s"]
                    profile:
                      plugin:
                        jwt:
                          signingSecret: "%1$s"
                          requireAccessTokenProfile: true
                    dpop:
                      plugin:
                        jwt:
                          signingSecret: "%1$s"
                          dpop: {mode: allowed}
                  routers:
                    api: {rule: PathPrefix(`/api`), service: s, middlewares: [tenants]}
                  services:
                    s: {loadBalancer: {servers: [{url: "http://127.0.0.1:9"}]}}
                """.formatted(SECRET, TENANT));
    }

    static String token(String tenant, String tid) {
        CliTest.Run r = CliTest.run("token", "--secret", SECRET, "--sub", "alice", "--iss", "https://login.microsoftonline.com/" + tenant + "/v2.0",
                "--claim", "tid=" + tid);
        assertThat(r.code()).isZero();
        return r.out().trim();
    }

    @Test
    void verifyExplainsTenantDenials() {
        CliTest.Run ok = CliTest.run("verify", "-c", config.toString(), "-m", "tenants", token(TENANT, TENANT));
        assertThat(ok.code()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("issuer       https://login.microsoftonline.com/{tenantid}/v2.0, allowedTenants [" + TENANT + "]");

        CliTest.Run other = CliTest.run("verify", "-c", config.toString(), "-m", "tenants", token("other-tenant", "other-tenant"));
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.out()).contains("signature    verified").contains("DENIED 401 (TENANT_NOT_ALLOWED)")
                .contains("why          ").contains("add the tenant ID to allowedTenants");

        CliTest.Run mismatch = CliTest.run("verify", "-c", config.toString(), "-m", "tenants", token(TENANT, "other-tenant"));
        assertThat(mismatch.out()).contains("DENIED 401 (TENANT_MISMATCH)").contains("tid other-tenant is not the tenant " + TENANT);
    }

    @Test
    void verifyExplainsTheAccessTokenProfile() {
        CliTest.Run r = CliTest.run("verify", "-c", config.toString(), "-m", "profile", token(TENANT, TENANT));
        assertThat(r.out()).contains("DENIED 401 (NOT_AN_ACCESS_TOKEN)").contains("typ at+jwt");
    }

    @Test
    void verifyExplainsADpopBoundToken() {
        CliTest.Run bound = CliTest.run("token", "--secret", SECRET, "--sub", "alice", "--claim", "cnf={\"jkt\":\"abc\"}");
        CliTest.Run r = CliTest.run("verify", "-c", config.toString(), "-m", "dpop", bound.out().trim());
        assertThat(r.out()).as(bound.out()).contains("DENIED 401 (DPOP_BOUND_TOKEN_AS_BEARER)").contains("Authorization: DPoP <token>");
    }
}
