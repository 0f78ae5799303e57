package io.jwtgate.gateway.middleware.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The expression language of oxy's cbreaker (Go syntax read by vulcand/predicate, oxy's typed
 * functions): what it accepts, how it groups, what it refuses; and oxy's predicates_test table as data.
 */
class ExpressionParserTest {

    /** Accepted expressions and their structure (And/Or in parentheses). Rows from oxy's tests and Traefik's docs first. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '~', value = {
            "NetworkErrorRatio() > 0.5                                   | NetworkErrorRatio() > 0.5",
            "NetworkErrorRatio() < 0.5                                   | NetworkErrorRatio() < 0.5",
            "LatencyAtQuantileMS(50.0) > 50                              | LatencyAtQuantileMS(50.0) > 50",
            "ResponseCodeRatio(500, 600, 0, 600) > 0.5                   | ResponseCodeRatio(500, 600, 0, 600) > 0.5",
            "NetworkErrorRatio() > 0.5 && RequestThreshold() >= 20       | (NetworkErrorRatio() > 0.5 && RequestThreshold() >= 20)",
            "NetworkErrorRatio() > 0.30                                  | NetworkErrorRatio() > 0.3",
            "LatencyAtQuantileMS(50.0) > 100                             | LatencyAtQuantileMS(50.0) > 100",
            "ResponseCodeRatio(500, 600, 0, 600) > 0.30 || NetworkErrorRatio() > 0.10 | (ResponseCodeRatio(500, 600, 0, 600) > 0.3 || NetworkErrorRatio() > 0.1)",
            "ResponseCodeRatio(500, 600, 0, 600) > 0.25 && RequestThreshold() >= 20 | (ResponseCodeRatio(500, 600, 0, 600) > 0.25 && RequestThreshold() >= 20)",
            // Go's precedence: && binds tighter than ||; both associate to the left.
            "NetworkErrorRatio() > 0.1 || RequestThreshold() > 1 && RequestThreshold() < 9 | (NetworkErrorRatio() > 0.1 || (RequestThreshold() > 1 && RequestThreshold() < 9))",
            "(NetworkErrorRatio() > 0.1 || RequestThreshold() > 1) && RequestThreshold() < 9 | ((NetworkErrorRatio() > 0.1 || RequestThreshold() > 1) && RequestThreshold() < 9)",
            "RequestThreshold() > 1 && RequestThreshold() > 2 && RequestThreshold() > 3 | ((RequestThreshold() > 1 && RequestThreshold() > 2) && RequestThreshold() > 3)",
            "((NetworkErrorRatio())) > (0.5)                             | NetworkErrorRatio() > 0.5",
            "NetworkErrorRatio() >= 0.5 || NetworkErrorRatio() <= 0.1     | (NetworkErrorRatio() >= 0.5 || NetworkErrorRatio() <= 0.1)",
            "RequestThreshold() == 3 || RequestThreshold() != 4           | (RequestThreshold() == 3 || RequestThreshold() != 4)",
            // Go float literals (strconv.ParseFloat) and integers (strconv.Atoi: a leading 0 is still decimal).
            "NetworkErrorRatio() > .5                                    | NetworkErrorRatio() > 0.5",
            "NetworkErrorRatio() > 1.                                    | NetworkErrorRatio() > 1.0",
            "NetworkErrorRatio() > 5e-1                                  | NetworkErrorRatio() > 0.5",
            "NetworkErrorRatio() > 0x1p-1                                | NetworkErrorRatio() > 0.5",
            "NetworkErrorRatio() > 0_0.5                                 | NetworkErrorRatio() > 0.5",
            "RequestThreshold() >= 010                                   | RequestThreshold() >= 10",
            "LatencyAtQuantileMS(99.9) > 0                               | LatencyAtQuantileMS(99.9) > 0",
            "ResponseCodeRatio(500, 600, 0, 600,) > 0.5                  | ResponseCodeRatio(500, 600, 0, 600) > 0.5",
            // Go's comments and line breaks.
            "NetworkErrorRatio() > 0.5 // trip on network errors         | NetworkErrorRatio() > 0.5",
            "/* errors */ NetworkErrorRatio() > 0.5                      | NetworkErrorRatio() > 0.5",
            "~NetworkErrorRatio() > 0.5 &&\n  RequestThreshold() >= 20\n~ | (NetworkErrorRatio() > 0.5 && RequestThreshold() >= 20)",
            "~\tNetworkErrorRatio()\t>\t0.5~                              | NetworkErrorRatio() > 0.5",
    })
    void acceptsWhatTraefikAccepts(String expression, String structure) throws Exception {
        assertThat(ExpressionParser.parse(expression)).hasToString(structure);
    }

    /** Refused expressions, with a fragment of the reason. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '~', value = {
            "~~                                                  | the expression is empty",
            "~   ~                                               | the expression is empty",
            "foobar                                              | foobar is not defined",
            "NetworkErrorRatio()                                 | must be a condition",
            "0.5                                                 | must be a condition",
            "NetworkErrorRatio() > 1                             | compare it with a float literal",
            "ResponseCodeRatio(500, 600, 0, 600) > 1             | compare it with a float literal",
            "LatencyAtQuantileMS(50.0) > 50.5                    | compare it with an integer literal",
            "RequestThreshold() >= 20.0                          | compare it with an integer literal",
            "LatencyAtQuantileMS(50) > 50                        | quantile of LatencyAtQuantileMS is a float literal",
            "LatencyAtQuantileMS() > 50                          | takes 1 argument",
            "ResponseCodeRatio(500.0, 600, 0, 600) > 0.5         | integer status codes",
            "ResponseCodeRatio(500, 600) > 0.5                   | takes 4 arguments",
            "NetworkErrorRatio(1) > 0.5                          | takes no arguments",
            "LatencyAtQuantileMS((50.0)) > 1                     | without parentheses",
            "LatencyAtQuantileMS(NetworkErrorRatio()) > 1        | must be a number literal",
            "Foo() > 0.5                                         | unsupported function: Foo",
            "networkErrorRatio() > 0.5                           | unsupported function: networkErrorRatio",
            "0.5 < NetworkErrorRatio()                           | put the metric on the left",
            "NetworkErrorRatio() > NetworkErrorRatio()           | compare it with a float literal",
            "NetworkErrorRatio() > 0.5 > 0.1                     | must be a metric",
            "NetworkErrorRatio() && RequestThreshold() >= 1      | joins two conditions",
            "NetworkErrorRatio() > 0.5 || 1                      | joins two conditions",
            "NetworkErrorRatio() > -0.5                          | negative numbers are not supported",
            "!(NetworkErrorRatio() > 0.5)                        | negation with ! is not supported",
            "NetworkErrorRatio() > 0.5 + 0.1                     | operator + is not supported",
            "NetworkErrorRatio() * 2.0 > 0.5                     | operator * is not supported",
            "NetworkErrorRatio() > 0.5 & RequestThreshold() > 1  | operator & is not supported",
            "NetworkErrorRatio() > 0.5 and RequestThreshold() > 1 | unexpected 'and' after a complete expression",
            "NetworkErrorRatio() > 0.5 ==                        | expected a metric, a number or '(' but found the end",
            "(NetworkErrorRatio() > 0.5                          | expected ')'",
            "NetworkErrorRatio() > 0.5)                          | unexpected ')'",
            "NetworkErrorRatio( > 0.5                            | expected a metric, a number or '('",
            "NetworkErrorRatio()() > 0.5                         | only a metric name can be called",
            "NetworkErrorRatio() = 0.5                           | unexpected '=' after a complete expression",
            "NetworkErrorRatio() > 0.5 @                         | unexpected character '@'",
            "cbreaker.NetworkErrorRatio() > 0.5                  | unsupported function: cbreaker.NetworkErrorRatio",
            "~NetworkErrorRatio() > 0.5\n&& RequestThreshold() >= 1~ | a line break after an operand ends a Go expression",
            "NetworkErrorRatio() > 0x1                           | integer 0x1 is refused",
            "RequestThreshold() >= 1_000                         | integer 1_000 is refused",
            "RequestThreshold() >= 0b101                         | integer 0b101 is refused",
            "RequestThreshold() >= 09                            | invalid digit '9' in octal literal",
            "RequestThreshold() >= 99999999999999999999          | out of range",
            "NetworkErrorRatio() > 1e400                         | out of range",
            "NetworkErrorRatio() > 1__0.5                        | '_' must separate successive digits",
            "NetworkErrorRatio() > 0x1.8                         | hexadecimal mantissa requires a 'p' exponent",
            "NetworkErrorRatio() > 1p3                           | 'p' exponent requires hexadecimal mantissa",
            "NetworkErrorRatio() > 1e                            | exponent has no digits",
            "NetworkErrorRatio() > 1i                            | imaginary number",
            "NetworkErrorRatio() > \"0.5\"                       | string and rune literals are not supported",
            "NetworkErrorRatio() > \"0.5                         | string literal not terminated",
            "NetworkErrorRatio() > 0.5 /* open                   | comment not terminated",
    })
    void refusesWhatTraefikRefuses(String expression, String reason) {
        assertThatThrownBy(() -> ExpressionParser.parse(expression)).isInstanceOf(ExpressionException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '~', value = {
            "NetworkErrorRatio() > 1                        | 1:23:",
            "~NetworkErrorRatio() > 0.5 &&\n  Foo() > 1~     | 2:3:",
    })
    void errorsSayWhereAsGoDoes(String expression, String position) {
        assertThatThrownBy(() -> ExpressionParser.parse(expression))
                .satisfies(e -> assertThat(((ExpressionException) e).describe(expression)).startsWith(position));
    }

    /** oxy's Test_parseExpression_tripped: an expression on a window of answers (code x count, latency in ms) trips or not. */
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiterString = " | ", value = {
            "NetworkErrorRatio() > 0.5                  | 504x60 200x40 | 0  | true",
            "NetworkErrorRatio() < 0.5                  | 504x60 200x40 | 0  | false",
            "LatencyAtQuantileMS(50.0) > 50             | 200x1          | 51 | true",
            "LatencyAtQuantileMS(50.0) < 50             | 200x1          | 51 | false",
            "ResponseCodeRatio(500, 600, 0, 600) > 0.5  | 200x5 500x6    | 0  | true",
            "ResponseCodeRatio(500, 600, 0, 600) > 0.5  | 200x5 500x4    | 0  | false",
            "LatencyAtQuantileMS(40.0) > 50             | 504x60 200x40 | 0  | false",
            // and a few more on the same data
            "NetworkErrorRatio() > 0.5 && RequestThreshold() >= 100 | 504x60 200x40 | 0 | true",
            "NetworkErrorRatio() > 0.5 && RequestThreshold() >= 101 | 504x60 200x40 | 0 | false",
            "NetworkErrorRatio() == 0.6                 | 502x60 200x40 | 0  | true",
            "ResponseCodeRatio(500, 600, 0, 600) > 0.5  | 200x0          | 0  | false",
            "ResponseCodeRatio(500, 501, 500, 600) == 0.5 | 500x1 503x1  | 0  | true",
            "LatencyAtQuantileMS(50.0) >= 51 || NetworkErrorRatio() > 0.9 | 200x1 | 51 | true",
    })
    void tripsAsOxysPredicates(String expression, String answers, long latencyMs, boolean expected) throws Exception {
        AtomicLong now = new AtomicLong(1_700_000_000_000_000_000L);
        TripCondition condition = ExpressionParser.parse(expression);
        ResponseMetrics metrics = new ResponseMetrics(now::get, condition.usesLatency());
        for (String group : answers.split(" ")) {
            String[] codeCount = group.split("x");
            for (int i = 0; i < Integer.parseInt(codeCount[1]); i++) {
                metrics.record(Integer.parseInt(codeCount[0]), latencyMs * 1_000_000);
            }
        }
        assertThat(condition.test(metrics)).isEqualTo(expected);
    }
}
