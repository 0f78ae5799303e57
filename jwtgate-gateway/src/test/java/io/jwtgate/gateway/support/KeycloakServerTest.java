package io.jwtgate.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The realm template's placeholders: every one filled, none left over, values taken literally. */
class KeycloakServerTest {

    @Test
    void placeholdersAreFilledLiterally() {
        assertThat(KeycloakServer.fill("{\"a\": \"${A_1}\", \"b\": \"${B}\", \"c\": \"${A_1}\"}", Map.of("A_1", "x$1\\y", "B", "")))
                .isEqualTo("{\"a\": \"x$1\\y\", \"b\": \"\", \"c\": \"x$1\\y\"}");
        assertThat(KeycloakServer.fill("no placeholders, ${lower} is not one", Map.of())).isEqualTo("no placeholders, ${lower} is not one");
    }

    @Test
    void aPlaceholderTheTestDoesNotGiveIsAnError() {
        assertThatThrownBy(() -> KeycloakServer.fill("{\"secret\": \"${SECRET}\"}", Map.of("OTHER", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("${SECRET}");
    }
}
