package io.jwtgate.gateway.middleware.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The negotiation table of Traefik's tests ({@code middleware/compress-negotiation.yaml}), as a unit. */
class AcceptEncodingTest {

    @TestFactory
    Stream<DynamicTest> traefiksNegotiationTable() throws Exception {
        return NegotiationCase.load("/middleware/compress-negotiation.yaml").stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            List<ContentCoding> encodings = c.encodings() == null
                    ? List.of(ContentCoding.GZIP, ContentCoding.BROTLI, ContentCoding.ZSTD)
                    : c.encodings().stream().map(ContentCoding::of).toList();
            ContentCoding fallback = c.defaultEncoding() == null ? null : ContentCoding.of(c.defaultEncoding());
            List<String> lines = c.acceptEncoding() == null ? List.of() : c.acceptEncoding();
            assertThat(AcceptEncoding.choose(lines, encodings, fallback)).isEqualTo(c.expected());
        }));
    }
}
