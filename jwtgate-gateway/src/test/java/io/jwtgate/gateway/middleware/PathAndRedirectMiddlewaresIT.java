package io.jwtgate.gateway.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Closing;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's {@code redirectScheme}, {@code redirectRegex}, {@code replacePath},
 * {@code replacePathRegex} and {@code stripPrefixRegex}, through a running gateway: the cases of
 * Traefik's own tests as data ({@code middleware/path-and-redirect-cases.yaml}).
 */
class PathAndRedirectMiddlewaresIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static MiddlewareCases cases;

    @BeforeAll
    static void start() throws Exception {
        cases = closing.add(new MiddlewareCases("/middleware/path-and-redirect-cases.yaml", null));
    }

    @TestFactory
    Stream<DynamicTest> traefiksCases() {
        return cases.cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            MiddlewareCases.Result result = cases.run(c);
            assertThat(MiddlewareCases.check(c, result)).as(c + " -> " + result.status() + " " + result.headers()).isEmpty();
        }));
    }
}
