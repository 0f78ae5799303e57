package io.jwtgate.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.jwt.claims.ClaimsPolicy;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The multi-tenant warning and the issuer/allowedTenants configuration errors (issue 17), as tables. */
class TenantRulesTest {

    static final String COMMON = "https://login.microsoftonline.com/common/discovery/v2.0/keys";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // case                               | jwksUrl                                                       | issuer                                              | allowedTenants | audiences | claims                                                   | warns
            "common, nothing else                 | " + COMMON + "                                               | null                                                | null | null | null | true",
            "organizations                        | https://login.microsoftonline.com/organizations/discovery/v2.0/keys | null                                          | null | null | null | true",
            "consumers, upper case                | https://LOGIN.microsoftonline.com/Consumers/discovery/keys  | null                                                | null | null | null | true",
            "template without tenants             | " + COMMON + "                                               | https://login.microsoftonline.com/{tenantid}/v2.0   | null | null | null | true",
            "claims without iss pin               | " + COMMON + "                                               | null                                                | null | null | Equals(`scp`, `read`) | true",
            "single-tenant key set                | https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/v2.0/keys | null | null | null | null | false",
            "exact issuer                         | " + COMMON + "                                               | https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0 | null | null | null | false",
            "template with tenants                | " + COMMON + "                                               | https://login.microsoftonline.com/{tenantid}/v2.0   | 72f988bf-86f1-41af-91ab-2d7cd011db47 | null | null | false",
            "audiences                            | " + COMMON + "                                               | null                                                | null | api://my-app | null | false",
            "claims pin iss                       | " + COMMON + "                                               | null                                                | null | null | Equals(`iss`, `https://login.microsoftonline.com/x/v2.0`) | false",
    })
    void multiTenantKeySetsWithoutRestrictionAreReported(String name, String jwksUrl, String issuer, String tenants, String audience,
                                                         String claims, boolean warns) throws Exception {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("jwksUrl", jwksUrl);
        if (issuer != null) {
            options.put("issuer", issuer);
        }
        if (tenants != null) {
            options.put("allowedTenants", List.of(tenants));
        }
        if (audience != null) {
            options.put("audiences", List.of(audience));
        }
        assertThat(warnings(options, claims)).as(name).hasSize(warns ? 1 : 0);
        Map<String, Object> trusted = new LinkedHashMap<>(options);
        trusted.remove("jwksUrl");
        trusted.remove("issuer");
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("jwksUrl", jwksUrl);
        if (issuer != null) {
            entry.put("issuer", issuer);
        }
        trusted.put("trustedIssuers", List.of(entry));
        assertThat(warnings(trusted, claims)).as(name + " (trustedIssuers)").hasSize(warns ? 1 : 0);
    }

    private static List<String> warnings(Map<String, Object> options, String claims) throws Exception {
        if (claims != null) {
            options.put("claims", claims);
        }
        JwtConfig config = JwtConfig.fromMap(options);
        TenantRules.policy(config);
        List<String> out = new ArrayList<>();
        TenantRules.warnOpenMultiTenant(config, claims == null ? null : ClaimsPolicy.compile(claims), out);
        out.forEach(w -> assertThat(w).contains("allowedTenants").contains("issuer:").contains("audiences"));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "allowedTenants without template  | {\"jwksUrl\":\"https://idp.example/k\",\"issuer\":\"https://idp.example\",\"allowedTenants\":[\"a\"]} | allowedTenants",
            "issuer with trustedIssuers       | {\"issuer\":\"https://idp.example\",\"trustedIssuers\":[{\"issuer\":\"https://idp.example\",\"jwksUrl\":\"https://idp.example/k\"}]} | issuer",
            "two placeholders                 | {\"jwksUrl\":\"https://idp.example/k\",\"issuer\":\"https://idp.example/{tenantid}/{tenantid}\"} | issuer",
            "empty allowedTenants             | {\"jwksUrl\":\"https://idp.example/k\",\"issuer\":\"https://idp.example/{tenantid}\",\"allowedTenants\":[]} | allowedTenants",
            "a tenant that is a path          | {\"jwksUrl\":\"https://idp.example/k\",\"issuer\":\"https://idp.example/{tenantid}\",\"allowedTenants\":[\"a/b\"]} | allowedTenants[0]",
            "entry tenants, exact issuer      | {\"trustedIssuers\":[{\"issuer\":\"https://idp.example\",\"jwksUrl\":\"https://idp.example/k\",\"allowedTenants\":[\"a\"]}]} | trustedIssuers[0].allowedTenants",
    })
    void badIssuerOptionsAreConfigurationErrors(String name, String json, String key) {
        assertThatThrownBy(() -> TenantRules.policy(JwtConfig.fromMap(new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage()).contains(key));
    }

    @org.junit.jupiter.api.Test
    void anExactTrustedIssuerWinsOverATemplateThatAlsoMatchesIt() throws Exception {
        String a = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0";
        JwtConfig config = JwtConfig.fromMap(Map.of("trustedIssuers", List.of(
                Map.of("issuer", "https://login.microsoftonline.com/{tenantid}/v2.0", "jwksUrl", COMMON, "allowedTenants", List.of("other")),
                Map.of("issuer", a, "jwksUrl", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/v2.0/keys"))));
        var policy = TenantRules.policy(config);
        policy.check(io.jwtgate.jwt.json.StrictJsonParser.parseObject(("{\"iss\":\"" + a + "\"}").getBytes()));
        assertThatThrownBy(() -> policy.check(io.jwtgate.jwt.json.StrictJsonParser.parseObject(
                "{\"iss\":\"https://login.microsoftonline.com/x/v2.0\",\"tid\":\"x\"}".getBytes())))
                .hasMessageContaining("allowedTenants");
    }
}
