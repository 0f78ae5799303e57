package io.jwtgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code run}'s arguments read without picocli ({@link RunCommand#fromPlainArguments}) mean what
 * picocli makes of them, and anything else is left to picocli.
 */
class RunPlainArgumentsTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of((Object) new String[] {}),
                Arguments.of((Object) new String[] {"--configFile=examples/quickstart/jwtgate.yml"}),
                Arguments.of((Object) new String[] {"--configfile=traefik.yml"}),
                Arguments.of((Object) new String[] {"--configFile", "traefik.yml"}),
                Arguments.of((Object) new String[] {"-c", "traefik.yml", "--entryPoints.web.address=:8081"}),
                Arguments.of((Object) new String[] {"--log.level=DEBUG", "--configFile=a.yml", "--entryPoints.web.address=:8081"}),
                Arguments.of((Object) new String[] {"--providers.file.filename=/etc/x=y.yml"}));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void readsAsPicocliDoes(String[] args) {
        RunCommand plain = RunCommand.fromPlainArguments(args);
        RunCommand picocli = new RunCommand();
        new CommandLine(picocli).parseArgs(args);
        assertThat(plain).isNotNull();
        assertThat(plain.configFile).isEqualTo(picocli.configFile);
        assertThat(plain.overrides).isEqualTo(picocli.overrides);
    }

    static Stream<Arguments> leftToPicocli() {
        return Stream.of(
                Arguments.of(List.of("--help")),
                Arguments.of(List.of("-h")),
                Arguments.of(List.of("--version")),
                Arguments.of(List.of("-V")),
                Arguments.of(List.of("--configFile")),
                Arguments.of(List.of("--configFile=")),
                Arguments.of(List.of("-c", "--log.level=DEBUG")),
                Arguments.of(List.of("--configFile=a.yml", "--configFile=b.yml")),
                Arguments.of(List.of("-ca.yml")),
                Arguments.of(List.of("stray")),
                Arguments.of(List.of("--flag-without-value")),
                Arguments.of(List.of("--configFile=a\u0000.yml")));
    }

    @ParameterizedTest
    @MethodSource("leftToPicocli")
    void leavesEverythingElseToPicocli(List<String> args) {
        assertThat(RunCommand.fromPlainArguments(args.toArray(String[]::new))).isNull();
    }
}
