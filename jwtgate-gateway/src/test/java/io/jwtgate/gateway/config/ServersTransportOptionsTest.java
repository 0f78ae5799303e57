package io.jwtgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.DynamicConfigParser;
import io.jwtgate.gateway.config.statics.ServersTransportConfig;
import io.jwtgate.gateway.config.statics.ServersTransportConfig.PeerSan;
import io.jwtgate.jwt.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code http.serversTransports}: what is read, what is refused (with the message), what is warned about. */
class ServersTransportOptionsTest {

    private static DynamicConfig parse(String transport, List<String> warnings) throws Exception {
        return new DynamicConfigParser("file", warnings::add)
                .add(YamlDocuments.parse("http:\n  serversTransports:\n    t: " + transport + "\n", "dynamic.yml")).build();
    }

    @Test
    void everyOptionIsRead() throws Exception {
        List<String> warnings = new ArrayList<>();
        ServersTransportConfig t = parse("""
                {serverName: backend.internal, insecureSkipVerify: true, rootCAs: [ca.pem], maxIdleConnsPerHost: 7,
                     certificates: [{certFile: c.pem, keyFile: k.pem}], disableHTTP2: true, minVersion: VersionTLS12, maxVersion: VersionTLS13,
                     peerCertSANs: [{type: DNSName, value: a.internal}], peerCertURI: "spiffe://x/y",
                     forwardingTimeouts: {dialTimeout: 1s, responseHeaderTimeout: 2s, idleConnTimeout: 3s}}""", warnings)
                .serversTransports().get("t@file");
        assertThat(t.serverName()).isEqualTo("backend.internal");
        assertThat(t.insecureSkipVerify()).isTrue();
        assertThat(t.rootCAs()).containsExactly("ca.pem");
        assertThat(t.maxIdleConnsPerHost()).isEqualTo(7);
        assertThat(t.certificates()).containsExactly(new ServersTransportConfig.ClientCertificate("c.pem", "k.pem"));
        assertThat(t.disableHttp2()).isTrue();
        assertThat(t.minVersion()).isEqualTo("TLSv1.2");
        assertThat(t.maxVersion()).isEqualTo("TLSv1.3");
        assertThat(t.peerCertSans()).containsExactly(new PeerSan("DNSName", "a.internal"), new PeerSan("URI", "spiffe://x/y"));
        assertThat(t.dialTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(t.responseHeaderTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(t.idleConnTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(warnings).singleElement().asString().contains("peerCertURI: deprecated (as in Traefik)");
    }

    @Test
    void theDefaultsAreTraefiks() throws Exception {
        ServersTransportConfig t = parse("{}", new ArrayList<>()).serversTransports().get("t@file");
        assertThat(t.settings()).isEqualTo(ServersTransportConfig.defaults());
        assertThat(t.maxIdleConnsPerHost()).isEqualTo(200);
        assertThat(t.dialTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(t.idleConnTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(t.responseHeaderTimeout()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{minVersion: TLS12}                                       | http.serversTransports.t.minVersion: 'TLS12' is not a TLS version",
            "{minVersion: VersionTLS13, maxVersion: VersionTLS12}       | the minimum version is above the maximum version",
            "{peerCertSANs: [{type: IP, value: 127.0.0.1}]}             | 'IP' is not a SAN type Traefik checks",
            "{peerCertURI: not-a-uri}                                   | 'not-a-uri' is not an absolute URI",
            "{maxIdleConnsPerHost: -1}                                  | must be 0 or more, found -1",
            "{forwardingTimeouts: {dialTimeout: -1s}}                   | must not be negative",
            "{certificates: [{certFile: c.pem}]}                        | keyFile",
    })
    void badValuesAreRefusedWithTheKeyPath(String transport, String message) throws Exception {
        DynamicConfig config = parse(transport, new ArrayList<>());
        assertThat(config.serversTransports()).doesNotContainKey("t@file");
        assertThat(config.errors()).extracting(ConfigException::getMessage).singleElement().asString().contains(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{spiffe: {ids: [spiffe://a/b]}}                 | http.serversTransports.t.spiffe: not supported by jwtgate",
            "{cipherSuites: [TLS_AES_128_GCM_SHA256]}        | http.serversTransports.t.cipherSuites: not supported by jwtgate",
            "{forwardingTimeouts: {readIdleTimeout: 5s}}     | readIdleTimeout: not supported by jwtgate",
            "{forwardingTimeouts: {pingTimeout: 5s}}         | pingTimeout: not supported by jwtgate",
            "{serverNme: x}                                  | serverNme",
    })
    void whatJwtgateDoesNotDoIsReported(String transport, String warning) throws Exception {
        List<String> warnings = new ArrayList<>();
        parse(transport, warnings);
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains(warning));
    }
}
