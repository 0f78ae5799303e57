package io.jwtgate.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jwtgate.gateway.http.ParsedTarget;
import io.jwtgate.gateway.http.Refusal;
import io.jwtgate.gateway.http.RequestTarget;
import io.jwtgate.gateway.http.TargetRules;
import java.util.Set;

/**
 * Fuzz target for the entry point's request-target parse (issue 12's split views): any byte string
 * is either refused with a reason or gives a forwarded path that is a valid, sanitized request
 * target and that parses again to itself with the same routing path. A backend that normalizes the
 * path once more therefore reads the path the router matched.
 */
class RequestTargetFuzzTest {

    private static final TargetRules STRICT = new TargetRules(true, Set.of("%2F", "%00"), false);

    @FuzzTest(maxDuration = "30s")
    void parsedTargetsAreStableAndSanitized(FuzzedDataProvider data) {
        boolean strict = data.consumeBoolean();
        String raw = data.consumeRemainingAsString();
        // The codec hands over one char per byte.
        StringBuilder bytes = new StringBuilder(raw.length());
        raw.chars().forEach(c -> bytes.append((char) (c & 0xFF)));
        TargetRules rules = strict ? STRICT : TargetRules.DEFAULTS;
        ParsedTarget parsed = RequestTarget.parse(bytes.toString(), false, rules);
        if (parsed instanceof Refusal refusal) {
            assertThat(refusal.reason()).isNotBlank();
            assertThat(refusal.status()).isBetween(400, 599);
            return;
        }
        RequestTarget target = (RequestTarget) parsed;
        String path = target.forwardPath();
        assertThat(path).startsWith("/");
        assertThat(path).doesNotContain("//").doesNotContain("/./").doesNotContain("/../")
                .doesNotEndWith("/.").doesNotEndWith("/..");
        for (int i = 0; i < path.length(); i++) {
            assertThat(path.charAt(i)).as("visible ASCII only").isBetween('!', '~').isNotEqualTo('#').isNotEqualTo('?');
        }
        if (strict) {
            assertThat(path).doesNotContain("%2F").doesNotContain("%00");
        }
        String again = target.query() == null ? path : path + "?" + target.query();
        ParsedTarget reparsed = RequestTarget.parse(again, false, rules);
        assertThat(reparsed).isInstanceOf(RequestTarget.class);
        assertThat(((RequestTarget) reparsed).forwardPath()).isEqualTo(path);
        assertThat(((RequestTarget) reparsed).routingPath()).isEqualTo(target.routingPath());
        assertThat(((RequestTarget) reparsed).query()).isEqualTo(target.query());
    }
}
