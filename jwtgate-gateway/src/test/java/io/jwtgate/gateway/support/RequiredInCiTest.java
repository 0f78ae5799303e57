package io.jwtgate.gateway.support;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing outside part skips the test on a developer's machine and fails it in CI. */
class RequiredInCiTest {

    @Test
    void skipsOutsideCiAndFailsInCi() {
        assertThatThrownBy(() -> RequiredInCi.missing("node is not installed", null, Map.of()))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("node is not installed: skipping");
        assertThatThrownBy(() -> RequiredInCi.missing("node is not installed", null, Map.of("CI", "false")))
                .isInstanceOf(TestAbortedException.class);
        assertThatThrownBy(() -> RequiredInCi.missing("node is not installed", new IllegalStateException("cause"), Map.of("CI", "true")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("CI must run this test").hasRootCauseMessage("cause");
    }
}
