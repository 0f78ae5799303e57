package io.jwtgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's reading of framing unless the operator chose Netty's (the test JVM runs with the property already set, as main sets it). */
class HttpCodecDefaultsTest {

    @ParameterizedTest(name = "set by the operator: {0} -> {1}")
    @CsvSource({"-, false", "true, true", "false, false"})
    void theOperatorsChoiceWins(String before, String after) {
        String saved = System.getProperty(HttpCodecDefaults.RFC9112_TRANSFER_ENCODING);
        try {
            if (before.equals("-")) {
                System.clearProperty(HttpCodecDefaults.RFC9112_TRANSFER_ENCODING);
            } else {
                System.setProperty(HttpCodecDefaults.RFC9112_TRANSFER_ENCODING, before);
            }
            HttpCodecDefaults.apply();
            assertThat(System.getProperty(HttpCodecDefaults.RFC9112_TRANSFER_ENCODING)).isEqualTo(after);
        } finally {
            if (saved == null) {
                System.clearProperty(HttpCodecDefaults.RFC9112_TRANSFER_ENCODING);
            } else {
                System.setProperty(HttpCodecDefaults.RFC9112_TRANSFER_ENCODING, saved);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void theDecoderOfThisJvmReadsFramingAsGo() {
        assertThat(new io.netty.handler.codec.http.HttpDecoderConfig().isUseRfc9112TransferEncoding()).isFalse();
    }
}
