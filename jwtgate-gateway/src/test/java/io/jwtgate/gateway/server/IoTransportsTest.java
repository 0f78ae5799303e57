package io.jwtgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.gateway.config.statics.IoTransportChoice;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which transport a choice gets, given which transports this machine refuses. */
class IoTransportsTest {

    @ParameterizedTest(name = "{0} with {1} refused -> {2}")
    @CsvSource(delimiterString = " | ", value = {
            // choice | refused            | used     | fallback reason names
            "auto     | -                  | io_uring | -",
            "auto     | io_uring           | epoll    | io_uring",
            "auto     | io_uring epoll     | nio      | io_uring epoll",
            "auto     | epoll              | io_uring | -",
            "epoll    | io_uring           | epoll    | -",
            "io_uring | epoll              | io_uring | -",
            "nio      | io_uring epoll     | nio      | -",
    })
    void picksTheFirstUsableTransport(String choice, String refused, String used, String reasons) throws Exception {
        Set<String> refusedSet = words(refused);
        IoTransports.Selected selected = IoTransports.select(parse(choice), "traefik.yml",
                c -> refusedSet.contains(c.configName()) ? "refused by the test" : null);
        assertThat(selected.transport().configName()).isEqualTo(used);
        if (reasons.equals("-")) {
            assertThat(selected.fallbackReason()).isNull();
        } else {
            for (String name : words(reasons)) {
                assertThat(selected.fallbackReason()).contains(name + ": refused by the test");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"io_uring", "epoll"})
    void anExplicitChoiceThatCannotBeHonouredStopsTheStart(String choice) {
        assertThatThrownBy(() -> IoTransports.select(parse(choice), "traefik.yml", c -> "Operation not permitted"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.source()).isEqualTo("traefik.yml");
                    assertThat(e.keyPath()).isEqualTo("ioTransport");
                    assertThat(e.problem()).contains(choice).contains("Operation not permitted");
                    assertThat(e.fix()).contains("remove ioTransport");
                });
    }

    private static IoTransportChoice parse(String name) {
        return Arrays.stream(IoTransportChoice.values()).filter(c -> c.configName().equals(name)).findFirst().orElseThrow();
    }

    private static Set<String> words(String list) {
        return list.equals("-") ? Set.of() : Arrays.stream(list.split(" ")).collect(Collectors.toSet());
    }
}
