package io.jwtgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.config.statics.EntryPointConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import io.jwtgate.gateway.http.UnderscoreHeaders;
import io.jwtgate.jwt.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The entry-point keys of issue 12, with Traefik's names and defaults (Traefik's TestHTTP2Config values). */
class EntryPointOptionsTest {

    private static EntryPointConfig web(String yaml, List<String> warnings) throws ConfigException {
        return new StaticConfigLoader(warnings::add).parse(YamlDocuments.parse(yaml, "traefik.yml"), Path.of("."))
                .entryPoints().get("web");
    }

    @Test
    void defaultsAreTraefiks() throws Exception {
        EntryPointConfig ep = web("entryPoints: {web: {address: ':80'}}", new ArrayList<>());
        assertThat(ep.targetRules().sanitizePath()).isTrue();
        assertThat(ep.targetRules().deniedEncodings()).isEmpty();
        assertThat(ep.targetRules().encodeQuerySemicolons()).isFalse();
        assertThat(ep.underscoreHeaders()).isEqualTo(UnderscoreHeaders.KEEP);
        assertThat(ep.http2().maxConcurrentStreams()).isEqualTo(250);
        assertThat(ep.http2().maxDecoderHeaderTableSize()).isEqualTo(4096);
        assertThat(ep.forwardedHeaders().connection()).isEmpty();
    }

    @Test
    void everyKeyIsRead() throws Exception {
        List<String> warnings = new ArrayList<>();
        EntryPointConfig ep = web("""
                entryPoints:
                  web:
                    address: ":80"
                    http:
                      sanitizePath: false
                      encodeQuerySemicolons: true
                      underscoreHeadersStrategy: Reject
                      encodedCharacters:
                        allowEncodedSlash: false
                        allowEncodedBackSlash: false
                        allowEncodedNullCharacter: false
                        allowEncodedSemicolon: false
                        allowEncodedPercent: false
                        allowEncodedQuestionMark: false
                        allowEncodedHash: false
                    http2:
                      maxConcurrentStreams: 42
                      maxDecoderHeaderTableSize: 256
                      maxEncoderHeaderTableSize: 128
                    forwardedHeaders:
                      connection: [X-Debug]
                """, warnings);
        assertThat(ep.targetRules().sanitizePath()).isFalse();
        assertThat(ep.targetRules().encodeQuerySemicolons()).isTrue();
        assertThat(ep.targetRules().deniedEncodings()).containsExactlyInAnyOrder("%2F", "%5C", "%00", "%3B", "%25", "%3F", "%23");
        assertThat(ep.underscoreHeaders()).isEqualTo(UnderscoreHeaders.REJECT);
        assertThat(ep.http2().maxConcurrentStreams()).isEqualTo(42);
        assertThat(ep.http2().maxDecoderHeaderTableSize()).isEqualTo(256);
        assertThat(ep.forwardedHeaders().connection()).containsExactly("X-Debug");
        assertThat(warnings).singleElement().asString()
                .contains("entryPoints.web.http2.maxEncoderHeaderTableSize").contains("not supported");
    }

    @Test
    void unknownKeysUnderTheNewSectionsAreWarnedAbout() throws Exception {
        List<String> warnings = new ArrayList<>();
        web("entryPoints: {web: {address: ':80', http: {encodedCharacters: {allowEncodedSlashes: false}}, http2: {maxStreams: 1}}}",
                warnings);
        assertThat(String.join("\n", warnings)).contains("allowEncodedSlashes").contains("maxStreams");
    }
}
