package io.jwtgate.jwt.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.token.TokenRejected;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Section 5 and decision 2. */
class ForwardHeadersTest {

    static List<Map.Entry<String, String>> render(String claimJson) throws TokenRejected {
        return new ForwardHeaders(Map.of("X-C", "c")).render(ClaimsPolicyTest.json(claimJson));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            {"c":"text"}                 | text
            {"c":42}                     | 42
            {"c":1.50}                   | 1.50
            {"c":1E+3}                   | 1E+3
            {"c":true}                   | true
            {"c":false}                  | false
            {"c":{"a":1,"b":[true,"x"]}} | {"a":1,"b":[true,"x"]}
            {"c":"tab\\tok"}             | 'tab	ok'
            {}                           | ''
            {"c":null}                   | ''
            {"c":[]}                     | ''
            """)
    void singleValues(String claims, String expected) throws TokenRejected {
        assertThat(render(claims)).containsExactly(Map.entry("X-C", expected == null ? "" : expected));
    }

    @Test
    void arraysGiveOneFieldPerElementInOrder() throws TokenRejected {
        assertThat(render("{\"c\":[\"a\",2,false,null,{\"k\":\"v\"},[1]]}")).containsExactly(
                Map.entry("X-C", "a"), Map.entry("X-C", "2"), Map.entry("X-C", "false"), Map.entry("X-C", ""),
                Map.entry("X-C", "{\"k\":\"v\"}"), Map.entry("X-C", "[1]"));
    }

    @Test
    void headersKeepConfigurationOrder() throws TokenRejected {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("X-B", "b");
        config.put("X-A", "a");
        ForwardHeaders fh = new ForwardHeaders(config);
        assertThat(fh.render(ClaimsPolicyTest.json("{\"a\":\"1\",\"b\":\"2\"}")))
                .containsExactly(Map.entry("X-B", "2"), Map.entry("X-A", "1"));
        assertThat(fh.names()).containsExactly("X-B", "X-A");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"c\":\"a\\r\\nX-Admin: true\"}", "{\"c\":\"a\\nb\"}", "{\"c\":\"a\\u0000b\"}",
        "{\"c\":[\"ok\",\"a\\rb\"]}", "{\"c\":\"bell\\u0007\"}"})
    void controlCharactersDenyTheRequest(String claims) {
        assertThatThrownBy(() -> render(claims)).isInstanceOfSatisfying(TokenRejected.class,
                e -> assertThat(e.reason()).isEqualTo(DenyReason.INVALID_HEADER_VALUE));
    }

    @Test
    void objectValuesAreCompactJsonWithEscapedNewlines() throws TokenRejected {
        assertThat(render("{\"c\":{\"n\":\"a\\nb\"}}")).containsExactly(Map.entry("X-C", "{\"n\":\"a\\nb\"}"));
    }

    @Test
    void usernameIsSingleValue() throws TokenRejected {
        assertThat(ForwardHeaders.single(new JsonValue.JsonString("bob"))).isEqualTo("bob");
        assertThat(ForwardHeaders.single(null)).isNull();
        assertThat(ForwardHeaders.single(ClaimsPolicyTest.json("{\"u\":[\"a\",\"b\"]}").get("u"))).isEqualTo("a,b");
    }
}
