package io.jwtgate.gateway.middleware.grpcweb;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure parts of {@code grpcWeb}: rs/cors' header list, Go's canonical names, the trailer frame, the base64 request body. */
class GrpcWebLogicTest {

    @Test
    void parseHeaderListAsRsCors() {
        // rs/cors v1.7.0 TestParseHeaderList and TestParseHeaderListEmpty.
        assertThat(GrpcWebCors.parseHeaderList("header, second-header, THIRD-HEADER, Numb3r3d-H34d3r"))
                .containsExactly("Header", "Second-Header", "Third-Header", "Numb3r3d-H34d3r");
        assertThat(GrpcWebCors.parseHeaderList("")).isEmpty();
        assertThat(GrpcWebCors.parseHeaderList(" , ")).isEmpty();
        // improbable-eng/grpc-web's preflight request headers and the gRPC-Web client's own.
        assertThat(GrpcWebCors.parseHeaderList("origin, x-something-custom, x-grpc-web, accept"))
                .containsExactly("Origin", "X-Something-Custom", "X-Grpc-Web", "Accept");
        assertThat(GrpcWebCors.parseHeaderList("x-grpc-web,x-user-agent,grpc-timeout,content-type"))
                .containsExactly("X-Grpc-Web", "X-User-Agent", "Grpc-Timeout", "Content-Type");
        assertThat(GrpcWebCors.parseHeaderList("x_custom.name")).as("'.' dropped, '_' starts a word").containsExactly("X_Customname");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a-b-c            | A-B-C",
        "a-1-c            | A-1-C",
        "User-Agent       | User-Agent",
        "uSER-aGENT       | User-Agent",
        "user-agent       | User-Agent",
        "USER-AGENT       | User-Agent",
        "grpc-status      | Grpc-Status",
        "headertestkey1   | Headertestkey1",
        "foo-bar_baz      | Foo-Bar_baz",
        "foo-bar$baz      | Foo-Bar$baz",
        "foo-bar:baz      | foo-bar:baz",
        "'foo bar'        | 'foo bar'",
    })
    void canonicalHeaderKeyAsGo(String name, String canonical) {
        assertThat(GrpcWebCors.canonical(name)).isEqualTo(canonical);
    }

    @Test
    void originsAreExactOrAnyWithAStar() {
        GrpcWebCors listed = new GrpcWebCors(List.of("https://foo.client.com"));
        assertThat(listed.originAllowed("https://foo.client.com")).isTrue();
        assertThat(listed.originAllowed("https://FOO.client.com")).as("case-sensitive, as Traefik's origin func").isFalse();
        assertThat(listed.originAllowed("https://foo.client.com:443")).isFalse();
        assertThat(new GrpcWebCors(List.of()).originAllowed("https://foo.client.com")).as("Traefik's default: none").isFalse();
        assertThat(new GrpcWebCors(List.of("https://a", "*")).originAllowed("null")).isTrue();
    }

    @Test
    void aPreflightForAMethodRsCorsDoesNotAllowGetsOnlyTheVaryHeaders() {
        GrpcWebCors cors = new GrpcWebCors(List.of("*"));
        MultiMap request = MultiMap.caseInsensitiveMultiMap().add("Origin", "https://a").add("Access-Control-Request-Method", "DELETE")
                .add("Access-Control-Request-Headers", "x-grpc-web");
        assertThat(cors.preflight(request).names()).containsExactly("Vary");
        request.set("Access-Control-Request-Method", "post");
        assertThat(cors.preflight(request).get("Access-Control-Allow-Methods")).isEqualTo("POST");
    }

    @Test
    void theTrailerFrameHoldsSortedLowerCaseLines() {
        MultiMap trailers = MultiMap.caseInsensitiveMultiMap().add("Grpc-Status", "3").add("grpc-message", "bad name")
                .add("TrailerTestKey2", "Value2").add("trailertestkey1", "Value1").add("x-multi", "a").add("x-multi", "b");
        Buffer frame = GrpcWebResponse.trailerFrame(trailers);
        String payload = "grpc-message: bad name\r\ngrpc-status: 3\r\ntrailertestkey1: Value1\r\ntrailertestkey2: Value2\r\n"
                + "x-multi: a\r\nx-multi: b\r\n";
        assertThat(frame.getByte(0)).isEqualTo((byte) 0x80);
        assertThat(frame.getInt(1)).isEqualTo(payload.length());
        assertThat(frame.getString(5, frame.length(), "ISO-8859-1")).isEqualTo(payload);
        assertThat(GrpcWebResponse.trailerFrame(MultiMap.caseInsensitiveMultiMap()).getBytes()).containsExactly(0x80, 0, 0, 0, 0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // base64 text cut into chunks at '^', ~ for CRLF | decoded
        "aGVsbG8=                               | hello",
        "aGV^sbG8=                              | hello",
        "a^G^V^s^b^G^8^=                        | hello",
        "aGVsbG8=d29ybGQ=                       | helloworld",
        "aGVs^bG8=^d29y^bGQ=                    | helloworld",
        "aGVsbG8gd29ybGQ~=                      | hello world",
        "aGk=                                   | hi",
        "aA==                                   | h",
    })
    void theTextBodyIsDecodedWhateverItsChunks(String chunks, String decoded) {
        Base64RequestBody body = new Base64RequestBody();
        Buffer out = Buffer.buffer();
        for (String chunk : chunks.replace("~", "\r\n").split("\\^")) {
            out.appendBuffer(body.chunk(Buffer.buffer(chunk.getBytes(ISO_8859_1))));
        }
        out.appendBuffer(body.end());
        assertThat(out.toString(ISO_8859_1)).isEqualTo(decoded);
    }

    @ParameterizedTest
    @CsvSource({"aGVsbG8", "aGVsb*8=", "aG=sbG8=", "a===", "aGVsbG8=x", "é"})
    void aBodyThatIsNotPaddedBase64IsRefused(String text) {
        Base64RequestBody body = new Base64RequestBody();
        assertThatThrownBy(() -> {
            body.chunk(Buffer.buffer(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            body.end();
        }).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theContentTypeIsReplacedOnce() {
        assertThat(GrpcWebResponse.replaceFirst("application/grpc+proto", "application/grpc", "application/grpc-web"))
                .isEqualTo("application/grpc-web+proto");
        assertThat(GrpcWebResponse.replaceFirst("text/plain; charset=utf-8", "application/grpc", "application/grpc-web"))
                .isEqualTo("text/plain; charset=utf-8");
        assertThat(GrpcWebResponse.replaceFirst("application/grpc-web-text+proto", "application/grpc-web-text", "application/grpc"))
                .isEqualTo("application/grpc+proto");
    }
}
