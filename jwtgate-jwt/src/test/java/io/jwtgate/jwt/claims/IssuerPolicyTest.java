package io.jwtgate.jwt.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.json.StrictJsonParser;
import io.jwtgate.jwt.token.TokenRejected;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issuer templates and tenant checks (issue 17), as a table. */
class IssuerPolicyTest {

    static final String T = "https://login.microsoftonline.com/{tenantid}/v2.0";
    static final String A = "11111111-1111-1111-1111-111111111111";
    static final String B = "22222222-2222-2222-2222-222222222222";

    @ParameterizedTest(name = "{0} | {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // template                                         | iss                                                      | tenant
            "https://login.microsoftonline.com/{tenantid}/v2.0 | https://login.microsoftonline.com/" + A + "/v2.0 | " + A,
            "https://login.microsoftonline.com/{TenantId}/v2.0 | https://login.microsoftonline.com/" + A + "/v2.0 | " + A,
            "https://login.microsoftonline.com/{tenantid}/v2.0 | https://login.microsoftonline.com/a/b/v2.0         | null",
            "https://login.microsoftonline.com/{tenantid}/v2.0 | https://login.microsoftonline.com//v2.0            | null",
            "https://login.microsoftonline.com/{tenantid}/v2.0 | https://login.microsoftonline.com/../v2.0          | null",
            "https://login.microsoftonline.com/{tenantid}/v2.0 | https://login.microsoftonline.com/x/v2.0/          | null",
            "https://login.microsoftonline.com/{tenantid}/v2.0 | https://evil.example/login.microsoftonline.com/x/v2.0 | null",
            "https://login.microsoftonline.com/{tenantid}/v2.0 | https://login.microsoftonline.com/a%2Fb/v2.0       | null",
            "https://sts.windows.net/{tenantid}/               | https://sts.windows.net/" + A + "/                | " + A,
            "https://sts.windows.net/{tenantid}                | https://sts.windows.net/" + A + "                 | " + A,
            "https://idp.example.com                           | https://idp.example.com                           | ''",
            "https://idp.example.com                           | https://idp.example.com/                          | null",
    })
    void templatesMatchOneTenantSegment(String template, String iss, String tenant) {
        assertThat(IssuerTemplate.parse(template).match(iss)).isEqualTo(tenant);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://login.microsoftonline.com/{tenantid}/{tenantid}",
            "https://login.microsoftonline.com/x{tenantid}/v2.0",
            "https://login.microsoftonline.com/{tenantid}x/v2.0",
            "http://login.microsoftonline.com/{tenantid}/v2.0",
            "https://{tenantid}.example.com/",
            "https://idp.example.com/{tenant}",
    })
    void badTemplatesAreRefused(String template) {
        assertThatThrownBy(() -> IssuerTemplate.parse(template)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // case                       | tenant in iss | tid  | outcome
            "allowed tenant               | " + A + " | " + A + " | ok",
            "tenant outside the list      | " + B + " | " + B + " | TENANT_NOT_ALLOWED",
            "tid names another tenant     | " + A + " | " + B + " | TENANT_MISMATCH",
            "no tid                       | " + A + " | null      | TENANT_MISMATCH",
    })
    void tenantsAreCheckedAfterTheTemplateMatched(String name, String tenant, String tid, String outcome) throws Exception {
        IssuerPolicy policy = new IssuerPolicy(List.of(new IssuerPolicy.Rule(IssuerTemplate.parse(T), Set.of(A))), true);
        String claims = "{\"iss\":\"https://login.microsoftonline.com/" + tenant + "/v2.0\"" + (tid == null ? "" : ",\"tid\":\"" + tid + "\"") + "}";
        assertThat(result(policy, claims)).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "exact issuer required, other iss | true  | {\"iss\":\"https://other.example\"} | ISSUER_NOT_TRUSTED",
            "exact issuer required, no iss    | true  | {}                                 | ISSUER_NOT_TRUSTED",
            "templates only, other iss        | false | {\"iss\":\"https://other.example\"} | ok",
    })
    void issuersOutsideEveryRule(String name, boolean required, String claims, String outcome) throws Exception {
        IssuerPolicy policy = new IssuerPolicy(List.of(new IssuerPolicy.Rule(IssuerTemplate.parse(T), null)), required);
        assertThat(result(policy, claims)).isEqualTo(outcome);
    }

    private static String result(IssuerPolicy policy, String claims) throws Exception {
        JsonValue.JsonObject object = StrictJsonParser.parseObject(claims.getBytes(StandardCharsets.UTF_8));
        try {
            policy.check(object);
            return "ok";
        } catch (TokenRejected e) {
            return e.reason().name();
        }
    }
}
