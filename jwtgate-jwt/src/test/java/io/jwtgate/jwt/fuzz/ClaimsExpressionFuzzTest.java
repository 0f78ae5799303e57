package io.jwtgate.jwt.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jwtgate.expr.ExpressionException;
import io.jwtgate.jwt.claims.ClaimsPolicy;
import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.json.StrictJsonParser;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for the shared expression parser in its {@code claims} dialect: compiling arbitrary
 * text either succeeds or throws {@link ExpressionException} (with a position), and a compiled
 * policy evaluates any claim set without throwing.
 */
class ClaimsExpressionFuzzTest {

    private static final JsonValue.JsonObject CLAIMS;

    static {
        try {
            CLAIMS = StrictJsonParser.parseObject(("{\"sub\":\"alice\",\"iss\":\"https://idp\",\"aud\":[\"a\",\"b\"],"
                    + "\"roles\":[\"admin\",1,true,null,{\"x\":1}],\"scope\":\"read write\",\"n\":1.5e3,"
                    + "\"nested\":{\"deep\":{\"key\":\"v\"}},\"empty\":{}}").getBytes(StandardCharsets.UTF_8));
        } catch (StrictJsonParser.JsonRejected e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void compileAndEvaluateClaims(FuzzedDataProvider data) {
        String source = data.consumeString(500);
        byte[] claims = data.consumeRemainingAsBytes();
        ClaimsPolicy policy;
        try {
            policy = ClaimsPolicy.compile(source);
        } catch (ExpressionException e) {
            assertThat(e.getMessage()).as("expression errors explain themselves").isNotBlank();
            assertThat(e.position()).as("error position inside the expression").isBetween(0, source.length());
            return;
        }
        // Evaluation is pure: the same claims give the same answer.
        assertThat(policy.test(CLAIMS)).isEqualTo(policy.test(CLAIMS));
        try {
            policy.test(StrictJsonParser.parseObject(claims));
        } catch (StrictJsonParser.JsonRejected ignored) {
            // not a claim set
        }
    }
}
