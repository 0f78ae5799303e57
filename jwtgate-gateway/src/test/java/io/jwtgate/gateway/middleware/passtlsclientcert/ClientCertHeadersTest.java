package io.jwtgate.gateway.middleware.passtlsclientcert;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.Unsupported;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Traefik's pass_tls_client_cert_test.go (TestPassTLSClientCert_PEM, TestPassTLSClientCert_certInfo,
 * Test_sanitize, Test_getSANs) and jwtgate's own cases, as data: the options parsed as a dynamic
 * file has them, the chain through {@link ClientCertHeaders}, every header compared byte for byte.
 */
class ClientCertHeadersTest {

    @TestFactory
    Stream<DynamicTest> setsTheHeadersTraefikSets() throws Exception {
        return ClientCertCases.load().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            List<String> warnings = new ArrayList<>();
            PassTlsClientCertOptions options = PassTlsClientCertOptions.parse(
                    new ConfigNode(c.options(), "cases.yaml", "http.middlewares.m.passTLSClientCert"), warnings::add);
            assertThat(warnings).as("every option is known").noneMatch(Unsupported::isDifference);

            Map<String, String> headers = ClientCertHeaders.of(options, c.chain());

            if (c.cert() == null) {
                assertThat(headers).doesNotContainKey("X-Forwarded-Tls-Client-Cert");
            } else {
                assertThat(headers).containsEntry("X-Forwarded-Tls-Client-Cert", c.cert());
            }
            if (c.info() == null) {
                assertThat(headers).doesNotContainKey("X-Forwarded-Tls-Client-Cert-Info");
                return;
            }
            String sent = headers.get("X-Forwarded-Tls-Client-Cert-Info");
            assertThat(sent).as("header present").isNotNull();
            if (c.infoHeader() != null) {
                assertThat(sent).isEqualTo(c.infoHeader());
            }
            assertThat(sent).as("query-escaped: only unreserved characters, '+' and escapes").matches("[A-Za-z0-9._~+%-]*");
            assertThat(URLDecoder.decode(sent, StandardCharsets.UTF_8)).isEqualTo(c.info());
        }));
    }
}
