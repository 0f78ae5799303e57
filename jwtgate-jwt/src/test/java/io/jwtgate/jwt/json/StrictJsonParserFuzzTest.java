package io.jwtgate.jwt.json;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Differential fuzzing of the hand-written JSON reader against Jackson's strict mode: for any bytes, both
 * give the same tree or both refuse, except where ours is stricter by design (invalid UTF-8, BOM, NUL);
 * a refusal always carries a positioned message and nothing but {@link StrictJsonParser.JsonRejected} escapes.
 */
class StrictJsonParserFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void agreesWithJackson(FuzzedDataProvider data) {
        byte[] doc = data.consumeRemainingAsBytes();
        JsonValue.JsonObject expected = JacksonReference.parse(doc);
        JsonValue.JsonObject actual;
        try {
            actual = StrictJsonParser.parseObject(doc);
        } catch (StrictJsonParser.JsonRejected e) {
            if (e.getMessage() == null || !e.getMessage().matches("invalid JSON: .* at byte \\d+")) {
                throw new AssertionError("refusal without a positioned message: " + e.getMessage());
            }
            actual = null;
        }
        if (actual == null && expected != null && JacksonReference.stricterByDesign(doc)) {
            return;
        }
        if (actual == null ? expected != null : !actual.equals(expected)) {
            throw new AssertionError("disagreement with Jackson: ours " + actual + ", Jackson " + expected);
        }
    }
}
