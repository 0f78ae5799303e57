package io.jwtgate.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jwtgate.expr.ExpressionException;
import io.jwtgate.gateway.http.RuleRequest;
import io.jwtgate.gateway.rule.RuleCompiler;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Predicate;

/**
 * Fuzz target for the shared expression parser in its router-rule dialect: compiling arbitrary
 * text succeeds or throws {@link ExpressionException} (never another exception, e.g. from a bad
 * regular expression or CIDR), and a compiled rule evaluates a request without throwing.
 * Short fixture values keep operator-written regular expressions from backtracking for long.
 */
class RuleFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void compileAndMatchRules(FuzzedDataProvider data) {
        String path = "/" + data.consumeString(12);
        String rule = data.consumeRemainingAsString();
        Predicate<RuleRequest> predicate;
        try {
            predicate = RuleCompiler.compile(rule);
        } catch (ExpressionException e) {
            assertThat(e.getMessage()).as("rule errors explain themselves").isNotBlank();
            assertThat(e.position()).as("error position inside the rule").isBetween(0, rule.length());
            return;
        }
        RuleRequest request = request(path);
        // Matching is pure: the same request gives the same answer.
        assertThat(predicate.test(request)).isEqualTo(predicate.test(request));
    }

    static RuleRequest request(String path) {
        return new RuleRequest() {
            @Override
            public String host() {
                return "api.example.com";
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public String method() {
                return "GET";
            }

            @Override
            public List<String> headers(String name) {
                return name.equalsIgnoreCase("X-Test") ? List.of("value", "") : List.of();
            }

            @Override
            public List<String> queryParams(String name) {
                return name.equals("q") ? List.of("1", "two") : List.of();
            }

            @Override
            public InetAddress clientAddress() {
                return InetAddress.getLoopbackAddress();
            }
        };
    }
}
