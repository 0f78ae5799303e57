package io.jwtgate.jwt.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written strict parser: table-driven accept/refuse cases, and a differential check against
 * Jackson's strict mode ({@link JacksonReference}) on generated and mutated documents: the same tree, or
 * both refuse, except where the hand-written parser is stricter by design (invalid UTF-8, BOM, NUL).
 */
class StrictJsonParserTest {

    private static JsonValue.JsonObject parse(String json) throws StrictJsonParser.JsonRejected {
        return StrictJsonParser.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}", " {} ", "\t{\n}\r\n", "{\"a\":1}", "{\"a\":-0}", "{\"a\":0.5e-7}", "{\"a\":1E+2}",
            "{\"a\":[]}", "{\"a\":[1,\"x\",true,false,null,{},[[]]]}", "{\"\":\"\"}",
            "{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"}", "{\"é\":\"日本\",\"x\":\"\uD83D\uDE00\"}",
            "{\"a\":\"\\ud800\"}", "{\"a\":\"\u007f\"}", "{\"a\" : { \"b\" : [ 1 , 2 ] } }"})
    void acceptsValidObjects(String json) throws Exception {
        assertThat(parse(json)).isEqualTo(JacksonReference.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "``                          | empty document",
            "`[]`                        | not a JSON object",
            "`\"a\"`                     | not a JSON object",
            "`{`                         | unterminated object",
            "`{\"a\":1`                  | unterminated object",
            "`{\"a\":1,}`                | expected a member name",
            "`{\"a\" 1}`                 | expected ':'",
            "`{\"a\":1 \"b\":2}`         | expected ',' or '}'",
            "`{\"a\":1,\"a\":2}`         | duplicate member name at byte 7",
            "`{\"a\":1,\"\\u0061\":2}`   | duplicate member name",
            "`{\"a\":01}`                | leading zero",
            "`{\"a\":+1}`                | unexpected character",
            "`{\"a\":.5}`                | unexpected character",
            "`{\"a\":1.}`                | after the decimal point",
            "`{\"a\":1e}`                | in the exponent",
            "`{\"a\":-}`                 | expected a digit",
            "`{\"a\":NaN}`               | unexpected character",
            "`{\"a\":tru}`               | unexpected character",
            "`{\"a\":truex}`             | expected ',' or '}'",
            "`{\"a\":\"x}`               | unterminated string",
            "`{\"a\":\"\\x\"}`           | invalid escape",
            "`{\"a\":\"\\u12\"}`         | invalid \\u escape",
            "`{a:1}`                     | expected a member name",
            "`{'a':1}`               | expected a member name",
            "`{\"a\":1}x`                | trailing data",
            "`{\"a\":1}{}`               | trailing data",
            "`{\"a\":[1,]}`              | unexpected character",
            "`{\"a\":[1 2]}`             | expected ',' or ']'",
            "`{\"a\":1/*c*/}`            | expected ',' or '}'",
            "`{\"\\udddd\":1}`           | unpaired surrogate escape in a member name",
            "`{\"&\\udddd\" :{\"\":{}}}` | unpaired surrogate escape in a member name",
            "`{\"\\ud800\":1}`           | unpaired surrogate escape in a member name",
    })
    void refusesWithAPositionedReason(String json, String reason) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(StrictJsonParser.JsonRejected.class)
                .hasMessageContaining(reason)
                .hasMessageMatching("invalid JSON: .* at byte \\d+");
        assertThat(JacksonReference.parse(json.getBytes(StandardCharsets.UTF_8))).as("Jackson refuses it too").isNull();
    }

    @Test
    void refusesControlCharactersAndBadUtf8() {
        List<byte[]> bad = List.of(
                bytes("{\"a\":\"", 0x01, "\"}"),          // raw control character
                bytes("{\"a\":\"", 0xc0, 0xaf, "\"}"),     // overlong '/'
                bytes("{\"a\":\"", 0xed, 0xa0, 0x80, "\"}"), // encoded surrogate
                bytes("{\"a\":\"", 0xf4, 0x90, 0x80, 0x80, "\"}"), // beyond U+10FFFF
                bytes("{\"a\":\"", 0xe6, 0x97, "\"}"),     // truncated sequence
                bytes("{\"a\":\"", 0x80, "\"}"),           // lone continuation byte
                bytes(0xef, 0xbb, 0xbf, "{}"),              // byte-order mark
                bytes("{", 0x00, "}"));
        for (byte[] doc : bad) {
            assertThatThrownBy(() -> StrictJsonParser.parseObject(doc)).isInstanceOf(StrictJsonParser.JsonRejected.class);
        }
    }

    @Test
    void depthAndNumberLimitsMatchTheReference() throws Exception {
        String deepest = "{\"a\":".repeat(StrictJsonParser.MAX_DEPTH - 1) + "{}" + "}".repeat(StrictJsonParser.MAX_DEPTH - 1);
        assertThat(parse(deepest)).isNotNull();
        String tooDeep = "{\"a\":" + deepest + "}";
        assertThatThrownBy(() -> parse(tooDeep)).hasMessageContaining("nested deeper than 32");
        assertThat(JacksonReference.parse(tooDeep.getBytes(StandardCharsets.UTF_8))).isNull();
        String arrays = "{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}";
        assertThatThrownBy(() -> parse(arrays)).hasMessageContaining("nested deeper");
        assertThat(parse("{\"n\":" + "9".repeat(100) + "}").get("n")).isEqualTo(new JsonValue.JsonNumber("9".repeat(100)));
        assertThatThrownBy(() -> parse("{\"n\":" + "9".repeat(101) + "}")).hasMessageContaining("number longer than 100");
    }

    @Test
    void parsedObjectsAreReadOnlyAndKeepMemberOrder() throws Exception {
        JsonValue.JsonObject o = parse("{\"z\":1,\"a\":{\"k\":[true]},\"m\":\"s\"}");
        assertThat(o.members().keySet()).containsExactly("z", "a", "m");
        assertThatThrownBy(() -> o.members().put("x", JsonValue.JsonNull.INSTANCE)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> o.members().entrySet().iterator().next().setValue(JsonValue.JsonNull.INSTANCE))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> o.members().remove("z")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(o).isEqualTo(new JsonValue.JsonObject(Map.of("z", new JsonValue.JsonNumber("1"),
                "a", new JsonValue.JsonObject(Map.of("k", new JsonValue.JsonArray(List.of(JsonValue.JsonBool.TRUE)))),
                "m", new JsonValue.JsonString("s"))));
        assertThat(o.hashCode()).isEqualTo(JacksonReference.parse("{\"z\":1,\"a\":{\"k\":[true]},\"m\":\"s\"}".getBytes(StandardCharsets.UTF_8)).hashCode());
    }

    /** Generated documents and byte-level mutations of them: same answer as Jackson, or stricter by design. */
    @Test
    void agreesWithJacksonOnGeneratedAndMutatedDocuments() {
        Random random = new Random(20261129);
        int accepted = 0;
        int refused = 0;
        for (int n = 0; n < 60_000; n++) {
            byte[] doc = DocumentGenerator.document(random).getBytes(StandardCharsets.UTF_8);
            if (n % 3 != 0) {
                doc = DocumentGenerator.mutate(random, doc);
            }
            JsonValue.JsonObject expected = JacksonReference.parse(doc);
            JsonValue.JsonObject actual;
            try {
                actual = StrictJsonParser.parseObject(doc);
            } catch (StrictJsonParser.JsonRejected e) {
                actual = null;
                assertThat(e.getMessage()).matches("invalid JSON: .* at byte \\d+");
            }
            if (actual == null && expected != null && JacksonReference.stricterByDesign(doc)) {
                refused++;
                continue;
            }
            if (actual == null ? expected != null : !actual.equals(expected)) {
                fail("disagreement with Jackson on %s: ours %s, Jackson %s", new String(doc, StandardCharsets.ISO_8859_1), actual, expected);
            }
            if (actual != null) {
                accepted++;
            } else {
                refused++;
            }
        }
        // Both outcomes must be well represented for the comparison to mean something.
        assertThat(accepted).isGreaterThan(15_000);
        assertThat(refused).isGreaterThan(15_000);
    }

    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }
}
