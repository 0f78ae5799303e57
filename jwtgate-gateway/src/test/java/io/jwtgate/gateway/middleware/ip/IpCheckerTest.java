package io.jwtgate.gateway.middleware.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The cases of Traefik's pkg/ip/checker_test.go as data: ranges; addresses that pass; addresses that do not. */
class IpCheckerTest {

    static IpChecker checker(String... ranges) throws ConfigException {
        return IpChecker.parse(ConfigNode.of(List.of(ranges), "test.yml", "sourceRange"), "list ranges");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "IPv4; 1.2.3.4/24; 1.2.3.1 1.2.3.32 1.2.3.156 1.2.3.255; 1.2.16.1 1.2.32.1 127.0.0.1 8.8.8.8",
            "IPv4 single IP; 8.8.8.8; 8.8.8.8; 8.8.8.7 8.8.8.9 8.8.8.0 8.8.8.255 4.4.4.4 127.0.0.1",
            "IPv4 Net single IP; 8.8.8.8/32; 8.8.8.8; 8.8.8.7 8.8.8.9 8.8.8.0 8.8.8.255 4.4.4.4 127.0.0.1",
            "multiple IPv4; 1.2.3.4/24 8.8.8.8/8; 1.2.3.1 1.2.3.32 1.2.3.156 1.2.3.255 8.8.4.4 8.0.0.1 8.32.42.128 8.255.255.255;"
                    + " 1.2.16.1 1.2.32.1 127.0.0.1 4.4.4.4 4.8.8.8",
            "IPv6; 2a03:4000:6:d080::/64; 2a03:4000:6:d080:: 2a03:4000:6:d080::1 2a03:4000:6:d080:dead:beef:ffff:ffff 2a03:4000:6:d080::42;"
                    + " 2a03:4000:7:d080:: 2a03:4000:7:d080::1 fe80:: 4242::1",
            "IPv6 single IP; 2a03:4000:6:d080::42/128; 2a03:4000:6:d080::42; 2a03:4000:6:d080::1 2a03:4000:6:d080:dead:beef:ffff:ffff 2a03:4000:6:d080::43",
            "multiple IPv6 & IPv4; 2a03:4000:6:d080::/64 fe80::/16 1.2.3.4/24 8.8.8.8/8; 2a03:4000:6:d080:: 2a03:4000:6:d080::1"
                    + " 2a03:4000:6:d080:dead:beef:ffff:ffff 2a03:4000:6:d080::42 fe80::1 fe80:aa00:00bb:4232:ff00:eeee:00ff:1111"
                    + " fe80:aa00:00bb:4232:ff00:eeee:00ff:1111%vEthernet fe80::fe80 1.2.3.1 1.2.3.32 1.2.3.156 1.2.3.255 8.8.4.4 8.0.0.1"
                    + " 8.32.42.128 8.255.255.255; 2a03:4000:7:d080:: 2a03:4000:7:d080::1 2a03:4000:7:d080::1%vmnet1 4242::1 1.2.16.1"
                    + " 1.2.32.1 127.0.0.1 4.4.4.4 4.8.8.8",
            "remote address with a port; 1.2.3.4/24; 1.2.3.1:123; 10.2.3.1:123",
            "octal address (Go refuses leading zeros); 127.2.3.4/24; 127.2.3.1; 0127.2.3.1:123 012.2.3.1",
            "broken addresses; 1.2.3.4/24; ; foo 10.0.0.350 fe:::80 \\&$§&/(",
    })
    void containsAsTraefiksChecker(String desc, String ranges, String pass, String reject) throws Exception {
        IpChecker c = checker(ranges.split(" "));
        for (String ip : words(pass)) {
            assertThat(c.contains(ip)).as(ip + " passes").isTrue();
        }
        for (String ip : words(reject)) {
            assertThat(c.contains(ip)).as(ip + " is refused").isFalse();
        }
        assertThat(c.contains("")).as("empty address").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "foo", "10.0.0.0/33", "1.2.3.4/x"})
    void invalidRangesAreConfigurationErrors(String range) {
        assertThatThrownBy(() -> checker("1.2.3.4/24", range)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).keyPath()).startsWith("sourceRange"));
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split(" +"));
    }
}
