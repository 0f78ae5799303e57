package io.jwtgate.gateway.middleware.forwardauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Closing;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's {@code forwardAuth} through a running gateway: the cases of Traefik's forward_test.go
 * as data ({@code middleware/forwardauth-cases.yaml}), with a scripted auth server and a real backend.
 */
class ForwardAuthIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static ForwardAuthCases cases;

    @BeforeAll
    static void start() throws Exception {
        cases = closing.add(new ForwardAuthCases("/middleware/forwardauth-cases.yaml"));
    }

    @TestFactory
    Stream<DynamicTest> traefiksCases() {
        return cases.cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            ForwardAuthCases.Result result = cases.run(c);
            assertThat(cases.check(c, result)).as(c + " -> " + result.status() + " " + result.headers() + " auth saw "
                    + (result.auth() == null ? "nothing" : result.auth().method() + " " + result.auth().target() + " "
                    + result.auth().headers().stream().map(h -> h[0] + ": " + h[1]).toList())).isEmpty();
        }));
    }
}
