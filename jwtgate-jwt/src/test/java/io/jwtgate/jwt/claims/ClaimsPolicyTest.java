package io.jwtgate.jwt.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.expr.ExpressionException;
import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.json.StrictJsonParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClaimsPolicyTest {

    /** The claim set of the documentation (section 7.3). */
    static final String DOC_CLAIMS = "{\"active\": true, \"grp\": \"admin\", \"scope\": \"reader writer deploy\", "
            + "\"referrer\": \"http://example.com/foo/bar\", \"areas\": [\"office\",\"home\"], "
            + "\"user\": {\"name\": \"John Snow\", \"status\": \"undead\"}}";

    static JsonValue.JsonObject json(String text) {
        try {
            return StrictJsonParser.parseObject(text.getBytes(StandardCharsets.UTF_8));
        } catch (StrictJsonParser.JsonRejected e) {
            throw new AssertionError(e);
        }
    }

    static boolean eval(String expression, String claims) throws ExpressionException {
        return ClaimsPolicy.compile(expression).test(json(claims));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "=>", textBlock = """
            Equals(`grp`, `admin`)                                                         => true
            Prefix(`referrer`, `http://example.com`)                                       => true
            Contains(`referrer`, `/foo/`)                                                  => true
            Contains(`areas`, `home`)                                                      => true
            SplitContains(`scope`, ` `, `writer`)                                          => true
            OneOf(`areas`, `office`, `lab`)                                                => true
            Equals(`grp`, `admin`) && Equals(`active`, `true`)                             => true
            Equals(`grp`, `admin`) || Equals(`active`, `true`)                             => true
            !Equals(`grp`, `testers`)                                                      => true
            Equals(`user.name`, `John Snow`)                                               => true
            (Equals(`grp`, `admin`) || Equals(`grp`, `dev`)) && Equals(`scope`, `deploy`)  => false
            """)
    void documentationTable(String expression, boolean expected) throws ExpressionException {
        assertThat(eval(expression, DOC_CLAIMS)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Equals(`c`, `a`)                 | {"c":"a"}              | true
            Equals(`c`, `A`)                 | {"c":"a"}              | false
            Equals(`c`, `42`)                | {"c":42}               | true
            Equals(`c`, `1`)                 | {"c":1.0}              | false
            Equals(`c`, `1e3`)               | {"c":1e3}              | true
            Equals(`c`, `1000`)              | {"c":1e3}              | false
            Equals(`c`, `true`)              | {"c":true}             | true
            Equals(`c`, `a`)                 | {"c":["a"]}            | false
            Equals(`c`, `null`)              | {"c":null}             | false
            Equals(`c`, `a`)                 | {}                     | false
            Prefix(`c`, `ab`)                | {"c":"abc"}            | true
            Prefix(`c`, `12`)                | {"c":123}              | false
            Contains(`c`, `b`)               | {"c":"abc"}            | true
            Contains(`c`, `b`)               | {"c":["abc"]}          | false
            Contains(`c`, `2`)               | {"c":[1,2]}            | true
            Contains(`c`, `true`)            | {"c":[true]}           | true
            Contains(`c`, `x`)               | {"c":{"x":"x"}}        | false
            SplitContains(`c`, `,;`, `b`)    | {"c":"a,;b,;c"}        | true
            SplitContains(`c`, `,`, `b`)     | {"c":["a","b"]}        | false
            OneOf(`c`, `x`, `y`)             | {"c":"y"}              | true
            OneOf(`c`, `7`, `8`)             | {"c":8}                | true
            OneOf(`c`, `true`, `x`)          | {"c":true}             | false
            OneOf(`c`, `x`, `y`)             | {"c":["a","x"]}        | true
            OneOf(`c`, `x`, `y`)             | {"c":["a","b"]}        | false
            OneOf(`c`, `x`)                  | {}                     | false
            !OneOf(`c`, `x`)                 | {}                     | true
            Equals(`Grp`, `a`)               | {"grp":"a"}            | false
            """)
    void functionSemantics(String expression, String claims, boolean expected) throws ExpressionException {
        assertThat(eval(expression, claims)).isEqualTo(expected);
    }

    @Test
    void claimPathEscapes() throws ExpressionException {
        record Case(String path, String claims, boolean expected) {}
        for (Case c : List.of(
                new Case("user.name", "{\"user\":{\"name\":\"x\"}}", true),
                new Case("user.full\\.name", "{\"user\":{\"full.name\":\"x\"}}", true),
                new Case("user.full\\\\.name", "{\"user\":{\"full\\\\\":{\"name\":\"x\"}}}", true),
                new Case("user.ful\\l.name", "{\"user\":{\"ful\\\\l\":{\"name\":\"x\"}}}", true),
                new Case("user\\", "{\"user\\\\\":\"x\"}", true),
                new Case("user.name.x", "{\"user\":{\"name\":\"x\"}}", false),
                new Case("roles.0", "{\"roles\":[\"x\"]}", false),
                new Case("roles.0", "{\"roles\":{\"0\":\"x\"}}", true),
                new Case("user", "{\"user\":{\"name\":\"x\"}}", false))) {
            String expression = "Equals(`" + c.path() + "`, `x`)";
            assertThat(eval(expression, c.claims())).as(expression + " on " + c.claims()).isEqualTo(c.expected());
        }
    }

    @Test
    void claimPathSegments() {
        assertThat(ClaimPath.parse("a.b\\.c\\\\.d\\e\\").segments()).containsExactly("a", "b.c\\", "d\\e\\");
        assertThat(ClaimPath.parse("").segments()).isEmpty();
    }

    @Test
    void doubleQuotedArgumentsAreGoStrings() throws ExpressionException {
        assertThat(eval("Equals(\"user.full\\\\.name\", \"x\")", "{\"user\":{\"full.name\":\"x\"}}")).isTrue();
    }

    @Test
    void compileErrorsCarryPositions() {
        assertThatThrownBy(() -> ClaimsPolicy.compile("Equals(`a`, `b`) && Nope(`x`)"))
                .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.position()).isEqualTo(20));
        assertThatThrownBy(() -> ClaimsPolicy.compile("SplitContains(`a`, ``, `b`)"))
                .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.problem()).contains("separator"));
        assertThatThrownBy(() -> ClaimsPolicy.compile("Equals(``, `b`)"))
                .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.problem()).contains("claim name"));
        assertThatThrownBy(() -> ClaimsPolicy.compile("OneOf(`a`)")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> ClaimsPolicy.compile("Equals(`a`, 'b')")).isInstanceOf(ExpressionException.class);
    }

    @Test
    void pinnedIssuersAreFoundOnlyWhenEveryTrueEvaluationRequiresThem() throws ExpressionException {
        record Case(String expression, Set<String> pinned) {}
        for (Case c : List.of(
                new Case("Equals(`iss`, `https://a`)", Set.of("https://a")),
                new Case("OneOf(`iss`, `https://a`, `https://b`) && Equals(`grp`, `x`)", Set.of("https://a", "https://b")),
                new Case("Equals(`iss`, `https://a`) || Equals(`iss`, `https://b`)", Set.of("https://a", "https://b")),
                new Case("Equals(`iss`, `https://a`) || Equals(`grp`, `x`)", null),
                new Case("!Equals(`iss`, `https://a`)", null),
                new Case("Prefix(`iss`, `https://a`)", null))) {
            assertThat(ClaimsPolicy.compile(c.expression()).pinnedIssuers()).as(c.expression()).isEqualTo(c.pinned());
        }
    }
}
