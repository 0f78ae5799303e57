package io.jwtgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderNamesTest {

    /** RFC 9110 section 5.6.2, written out as the grammar says it: the oracle for the table lookup. */
    private static boolean tchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    @Test
    void everyCharacterIsATokenCharacterExactlyWhenTheGrammarSaysSo() {
        for (char c = 0; c < 0x180; c++) {
            assertThat(FieldSyntax.isToken("X-" + c + "-Y")).as("char %04x", (int) c).isEqualTo(tchar(c));
            assertThat(FieldSyntax.isToken(String.valueOf(c))).as("char %04x alone", (int) c).isEqualTo(tchar(c));
        }
        assertThat(FieldSyntax.isToken("")).isFalse();
        assertThat(FieldSyntax.isToken("\uFF21")).as("a letter outside ASCII").isFalse();
    }

    private static final List<String> HOP_BY_HOP = List.of("Connection", "Keep-Alive", "Proxy-Connection",
            "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade");

    @Test
    void theHopByHopNamesInAnyCaseAndNothingElse() {
        for (String name : HOP_BY_HOP) {
            assertThat(HeaderNames.isHopByHop(name)).as(name).isTrue();
            assertThat(HeaderNames.isHopByHop(name.toLowerCase(java.util.Locale.ROOT))).as(name).isTrue();
            assertThat(HeaderNames.isHopByHop(name.toUpperCase(java.util.Locale.ROOT))).as(name).isTrue();
            assertThat(HeaderNames.isHopByHop(name + "s")).as(name + "s").isFalse();
            assertThat(HeaderNames.isHopByHop(name.substring(1))).as(name.substring(1)).isFalse();
            assertThat(HeaderNames.isHopByHop(name.replace('-', '_'))).as("underscore form of " + name)
                    .isEqualTo(name.indexOf('-') < 0);
        }
        for (String name : List.of("", "T", "Host", "Content-Length", "Expect", "Trailers", "Upgrade-Insecure-Requests",
                "Connections", "Keep-Alives", "Proxy-Authorize", "Transfer-EncodinG2", "X-Forwarded-For", "Tf", "UpgradE ")) {
            assertThat(HeaderNames.isHopByHop(name)).as(name).isFalse();
        }
    }

    static Stream<Arguments> removals() {
        return Stream.of(
                // headers sent, names removed, headers left (in order)
                Arguments.of(List.of(), List.of("X-User"), List.of()),
                Arguments.of(List.of("Accept"), List.of("X-User"), List.of("Accept")),
                Arguments.of(List.of("X-User", "Accept"), List.of("X-User"), List.of("Accept")),
                Arguments.of(List.of("x-user", "X-USER", "Accept"), List.of("X-User"), List.of("Accept")),
                Arguments.of(List.of("X_User", "x_uSer", "Accept"), List.of("X-User"), List.of("Accept")),
                Arguments.of(List.of("X-Users", "X-Use", "XUser"), List.of("X-User"), List.of("X-Users", "X-Use", "XUser")),
                Arguments.of(List.of("X-Real-Ip", "X_Forwarded_For", "Forwarded", "Host2"),
                        List.of("X-Forwarded-For", "X-Real-Ip", "Forwarded"), List.of("Host2")),
                Arguments.of(List.of("X-A", "X-B", "X-A"), List.of("X-A", "X-C"), List.of("X-B")));
    }

    @ParameterizedTest
    @MethodSource("removals")
    void removesEachNameInAnyCaseAndWithUnderscores(List<String> sent, List<String> names, List<String> left) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        sent.forEach(name -> headers.add(name, "v"));
        HeaderNames.removeWithVariants(headers, names);
        List<String> remaining = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            remaining.add(h.getKey());
        }
        assertThat(remaining).isEqualTo(left);
    }
}
