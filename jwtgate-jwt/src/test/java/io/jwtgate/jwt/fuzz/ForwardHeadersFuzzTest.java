package io.jwtgate.jwt.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jwtgate.jwt.claims.ForwardHeaders;
import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.json.StrictJsonParser;
import io.jwtgate.jwt.token.TokenRejected;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target for forwarded-header rendering (decision 2, attacks #26): for any claim set and any
 * claim path, rendering yields values with no control character (HTAB aside) and within the
 * length cap, or refuses with {@link TokenRejected}.
 */
class ForwardHeadersFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void renderFuzzedClaims(FuzzedDataProvider data) {
        String path = data.consumeString(64);
        byte[] json = data.consumeRemainingAsBytes();
        JsonValue.JsonObject claims;
        try {
            claims = StrictJsonParser.parseObject(json);
        } catch (StrictJsonParser.JsonRejected e) {
            return;
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("X-Sub", "sub");
        config.put("X-Nested", "a.b");
        if (!path.isEmpty()) {
            config.put("X-Fuzz", path);
        }
        ForwardHeaders headers;
        try {
            headers = new ForwardHeaders(config);
        } catch (IllegalArgumentException e) {
            return; // a claim path the configuration would refuse
        }
        try {
            List<Map.Entry<String, String>> rendered = headers.render(claims);
            for (Map.Entry<String, String> header : rendered) {
                FuzzSupport.checkHeaderValue(header.getValue());
                if (header.getValue().length() > ForwardHeaders.MAX_VALUE_LENGTH) {
                    throw new AssertionError("value over the length cap");
                }
            }
            String single = ForwardHeaders.single(claims.get("sub"));
            if (single != null) {
                FuzzSupport.checkHeaderValue(single);
            }
        } catch (TokenRejected expected) {
            // a value that must not be forwarded
        }
    }
}
