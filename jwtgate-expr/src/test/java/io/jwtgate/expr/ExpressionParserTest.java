package io.jwtgate.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionParserTest {

    static final Language LANG = new Language("test", List.of(
            FunctionSignature.exactly("A", 1), FunctionSignature.exactly("B", 2), FunctionSignature.atLeast("V", 2)));

    /** Evaluates with A(x) true iff x == "t", B(x, y) true iff x equals y, V true iff any later arg equals the first. */
    static boolean eval(String source) throws ExpressionException {
        Predicate<Void> p = PredicateCompiler.compile(ExpressionParser.parse(source, LANG), call -> {
            List<String> a = call.args();
            boolean value = switch (call.name()) {
                case "A" -> a.get(0).equals("t");
                case "B" -> a.get(0).equals(a.get(1));
                default -> a.subList(1, a.size()).contains(a.get(0));
            };
            return x -> value;
        });
        return p.test(null);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", value = {
            "A(`t`)                              => true",
            "A(`f`)                              => false",
            "!A(`f`)                             => true",
            "!!A(`t`)                            => true",
            "A(`t`) && A(`f`)                    => false",
            "A(`t`) || A(`f`)                    => true",
            "A(`f`) || A(`t`) && A(`f`)          => false",
            "(A(`f`) || A(`t`)) && A(`t`)        => true",
            "!A(`t`) || A(`t`)                   => true",
            "B(\"a\\tb\", `a\tb`)                => true",
            "B(\"x\\\\.y\", `x\\.y`)             => true",
            "B(\"\\x41\", `A`)                   => true",
            "V(`c`, `a`, `b`, `c`)               => true",
            "  A( `t` )  &&  ( A(`t`) )          => true",
    })
    void evaluatesWithGoPrecedence(String source, boolean expected) throws Exception {
        assertThat(eval(source)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
            "''                    => 0 => empty",
            "A(`t`                 => 5 => expected ',' or ')'",
            "A(`t`) &&             => 9 => expression ends",
            "C(`t`)                => 0 => unknown function 'C'",
            "A(`t`, `u`)           => 0 => A takes 1 argument, got 2",
            "V(`t`)                => 0 => V takes at least 2 arguments",
            "A('t')                => 2 => single quotes",
            "B(`n`, 42)            => 7 => must be a quoted string",
            "A(`t`) A(`t`)         => 7 => unexpected 'A'",
            "A(`t`) == A(`t`)      => 7 => unexpected '='",
            "A(`t`) != A(`t`)      => 7 => unexpected '!'",
            "A(\"unterminated)     => 2 => unterminated",
            "A(`unterminated)      => 2 => unterminated",
            "(A(`t`)               => 7 => missing ')'",
            "A(\"\\q\")            => 3 => unknown escape",
    })
    void reportsErrorsWithTheirPosition(String source, int position, String message) {
        assertThatThrownBy(() -> ExpressionParser.parse(source, LANG))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.problem()).contains(message);
                    assertThat(e.getMessage()).contains("^");
                });
    }

    @org.junit.jupiter.api.Test
    void refusesPathologicalNesting() {
        String deep = "!".repeat(1000) + "A(`t`)";
        assertThatThrownBy(() -> ExpressionParser.parse(deep, LANG)).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("nested deeper");
        String parens = "(".repeat(1000) + "A(`t`)" + ")".repeat(1000);
        assertThatThrownBy(() -> ExpressionParser.parse(parens, LANG)).isInstanceOf(ExpressionException.class);
    }
}
