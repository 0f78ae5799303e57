package io.jwtgate.jwt.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.jwt.DenyReason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The parsed-header memo of {@link JwsParser}: a hit is exactly what parsing gives, and refused headers are never kept. */
class HeaderMemoTest {

    private static String token(String headerJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"sub\":\"s\"}".getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void aRepeatedHeaderIsParsedOnce() throws Exception {
        String header = "{\"alg\":\"RS256\",\"kid\":\"memo-1\",\"typ\":\"JWT\"}";
        Jws first = JwsParser.parse(token(header));
        Jws second = JwsParser.parse(token(header));
        assertThat(second.header()).isSameAs(first.header());
        assertThat(second.kid()).isEqualTo("memo-1");
        assertThat(second.algorithm()).isEqualTo(JwsAlgorithm.RS256);
    }

    @Test
    void manyDistinctHeadersInterleavedAlwaysYieldTheirOwnKid() throws Exception {
        // Far more headers than slots: collisions replace entries, never return another header's entry.
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 2_000; i++) {
                String alg = i % 2 == 0 ? "HS256" : "ES256";
                Jws jws = JwsParser.parse(token("{\"alg\":\"" + alg + "\",\"kid\":\"k" + i + "\"}"));
                assertThat(jws.kid()).isEqualTo("k" + i);
                assertThat(jws.algorithm().name()).isEqualTo(alg);
            }
        }
    }

    @Test
    void refusedHeadersAreRefusedEveryTime() {
        String crit = token("{\"alg\":\"HS256\",\"crit\":[\"exp\"]}");
        String none = token("{\"alg\":\"none\"}");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> JwsParser.parse(crit)).isInstanceOfSatisfying(TokenRejected.class,
                    e -> assertThat(e.reason()).isEqualTo(DenyReason.UNSUPPORTED_HEADER));
            assertThatThrownBy(() -> JwsParser.parse(none)).isInstanceOfSatisfying(TokenRejected.class,
                    e -> assertThat(e.reason()).isEqualTo(DenyReason.UNSUPPORTED_ALGORITHM));
        }
    }

    @Test
    void aKnownHeaderDoesNotExcuseTheRestOfTheToken() throws Exception {
        String good = token("{\"alg\":\"HS256\",\"kid\":\"memo-2\"}");
        JwsParser.parse(good);
        String header = good.substring(0, good.indexOf('.'));
        for (String bad : new String[] {header + ".e30=.c2ln", header + ".e30.", header + ".e30.c2l", header + ".e30.c2ln.x",
                header + ".e30.c2ln\u00e9"}) {
            assertThatThrownBy(() -> JwsParser.parse(bad)).isInstanceOf(TokenRejected.class);
        }
    }
}
