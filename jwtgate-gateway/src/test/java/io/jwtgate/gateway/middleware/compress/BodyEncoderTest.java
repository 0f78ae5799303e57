package io.jwtgate.gateway.middleware.compress;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever way a body reaches the encoder (chunks, a last chunk, both, a flush between), the client decodes that body. */
class BodyEncoderTest {

    private static final String BODY = "jwtgate compresses this body. ".repeat(200);

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (ContentCoding coding : ContentCoding.values()) {
            // chunks written before finish, the last chunk handed to finish, a flush after the first chunk
            out.add(Arguments.of(coding, 0, false, false));
            out.add(Arguments.of(coding, 0, true, false));
            out.add(Arguments.of(coding, 3, false, false));
            out.add(Arguments.of(coding, 3, true, false));
            out.add(Arguments.of(coding, 3, true, true));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1} chunks, last chunk to finish {2}, flush {3}")
    @MethodSource("cases")
    void decodesToTheBodyWrittenIn(ContentCoding coding, int chunks, boolean lastToFinish, boolean flush) throws Exception {
        assertThat(coding.unavailable()).as("the native library, loaded as the middleware loads it").isNull();
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        int pieces = chunks + (lastToFinish ? 1 : 0);
        int size = pieces == 0 ? 0 : body.length / pieces;
        Buffer encoded = Buffer.buffer();
        int at = 0;
        try (BodyEncoder encoder = new BodyEncoder(coding)) {
            for (int i = 0; i < chunks; i++) {
                int end = !lastToFinish && i == chunks - 1 ? body.length : at + size;
                encoded.appendBuffer(encoder.write(Buffer.buffer().appendBytes(body, at, end - at)));
                at = end;
                if (flush && i == 0) {
                    encoded.appendBuffer(encoder.flush());
                }
            }
            Buffer last = lastToFinish ? Buffer.buffer().appendBytes(body, at, body.length - at) : null;
            encoded.appendBuffer(encoder.finish(last));
        }
        String expected = chunks == 0 && !lastToFinish ? "" : BODY;
        assertThat(new String(Decoders.decode(coding.token(), encoded.getBytes()), StandardCharsets.UTF_8)).isEqualTo(expected);
    }
}
