package io.jwtgate.gateway.middleware.compress;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Closing;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's {@code compress} through a running gateway: the cases of Traefik's tests as data
 * ({@code middleware/compress-cases.yaml}) and its negotiation table
 * ({@code middleware/compress-negotiation.yaml}), each over HTTP/1.1 and HTTP/2, every compressed
 * body decoded and compared with what the backend sent.
 */
class CompressIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static CompressCases cases;

    @BeforeAll
    static void start() throws Exception {
        List<CompressCases.Case> all = new ArrayList<>(CompressCases.load("/middleware/compress-cases.yaml", 0));
        all.addAll(CompressCases.negotiation("/middleware/compress-negotiation.yaml", all.size()));
        cases = closing.add(new CompressCases(all));
    }

    @TestFactory
    Stream<DynamicContainer> traefiksCases() {
        return Stream.of(false, true).map(http2 -> DynamicContainer.dynamicContainer(http2 ? "HTTP/2" : "HTTP/1.1",
                cases.cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
                    CompressCases.Result result = cases.run(c, http2);
                    assertThat(result.version()).isEqualTo(http2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
                    assertThat(CompressCases.check(c, result)).as(c + " -> " + result.status() + " " + result.headers().map()).isEmpty();
                }))));
    }

    @Test
    void theCasesConfigurationLoadsWithoutWarnings() {
        assertThat(cases.configWarnings()).isEmpty();
    }
}
