package io.jwtgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The path table ({@code http/path-table.tsv}): raw request target, the path rules match, the path
 * the backend receives. Rows come from Traefik's own tests (TestSanitizePath, TestPathOperations,
 * TestNormalizePath, TestRoutingPath, Test_denyFragment) and from the split-view attacks of issue 12.
 */
class RequestTargetTest {

    static Stream<Arguments> table() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        try (InputStream in = RequestTargetTest.class.getResourceAsStream("/http/path-table.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                rows.add(Arguments.of(unescape(f[0]), unescape(f[1]), unescape(f[2]), Integer.parseInt(f[3]), f[4]));
            }
        }
        assertThat(rows).hasSizeGreaterThan(40);
        return rows.stream();
    }

    private static String unescape(String field) {
        return field.replace("\\t", "\t").replace("\\n", "\n");
    }

    @ParameterizedTest(name = "{4}: {0}")
    @MethodSource("table")
    void routesAndForwardsOnePath(String raw, String routed, String forwarded, int status, String source) {
        ParsedTarget parsed = RequestTarget.parse(raw, false, TargetRules.DEFAULTS);
        if (status != 200) {
            assertThat(parsed).isInstanceOf(Refusal.class);
            assertThat(((Refusal) parsed).status()).isEqualTo(status);
            return;
        }
        assertThat(parsed).isInstanceOf(RequestTarget.class);
        RequestTarget target = (RequestTarget) parsed;
        assertThat(target.routingPath()).as("routed path").isEqualTo(routed);
        assertThat(target.forwardPath()).as("forwarded path").isEqualTo(forwarded);
    }

    @Test
    void withoutSanitizingDotSegmentsReachRouterAndBackendAlike() {
        TargetRules rules = new TargetRules(false, Set.of(), false);
        RequestTarget t = (RequestTarget) RequestTarget.parse("/public/%2e%2e/admin", false, rules);
        assertThat(t.forwardPath()).isEqualTo("/public/../admin");
        assertThat(t.routingPath()).isEqualTo("/public/../admin");
    }

    @Test
    void deniedEncodingsAreRefusedInAnyCase() {
        TargetRules rules = new TargetRules(true, Set.of("%2f", "%00"), false);
        assertThat(RequestTarget.parse("/a%2fb", false, rules)).isInstanceOf(Refusal.class);
        assertThat(RequestTarget.parse("/a%2Fb", false, rules)).isInstanceOf(Refusal.class);
        assertThat(RequestTarget.parse("/a%00b", false, rules)).isInstanceOf(Refusal.class);
        assertThat(RequestTarget.parse("/a%5Cb", false, rules)).isInstanceOf(RequestTarget.class);
    }

    @Test
    void semicolonsInTheQueryAreSeparatorsUnlessEncoded() {
        assertThat(((RequestTarget) RequestTarget.parse("/a?b=1;c=2", false, TargetRules.DEFAULTS)).query()).isEqualTo("b=1&c=2");
        TargetRules encode = new TargetRules(true, Set.of(), true);
        assertThat(((RequestTarget) RequestTarget.parse("/a?b=1;c=2", false, encode)).query()).isEqualTo("b=1%3Bc=2");
    }

    @Test
    void absoluteFormNamesTheAuthorityAndAsteriskFormNeedsOptions() {
        RequestTarget t = (RequestTarget) RequestTarget.parse("HTTP://A.example:8080?x=1", false, TargetRules.DEFAULTS);
        assertThat(t.authority()).isEqualTo("A.example:8080");
        assertThat(t.forwardPath()).isEqualTo("/");
        assertThat(t.query()).isEqualTo("x=1");
        assertThat(RequestTarget.parse("http://user@a.example/", false, TargetRules.DEFAULTS)).isInstanceOf(Refusal.class);
        assertThat(RequestTarget.parse("*", true, TargetRules.DEFAULTS)).isInstanceOf(RequestTarget.class);
    }

    @Test
    void bytesAboveAsciiAreForwardedEscaped() {
        // The codec hands us one char per byte: "é" in UTF-8 arrives as two Latin-1 chars.
        RequestTarget t = (RequestTarget) RequestTarget.parse("/caf\u00c3\u00a9", false, TargetRules.DEFAULTS);
        assertThat(t.forwardPath()).isEqualTo("/caf%C3%A9");
        assertThat(t.routingPath()).isEqualTo("/café");
    }
}
