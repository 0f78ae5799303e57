package io.jwtgate.gateway.cli;

import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import io.jwtgate.jwt.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code --configFile} and Traefik-style {@code --key.path=value} overrides, shared by the commands that read a configuration. */
public final class StaticConfigOption {

    private static final List<String> DEFAULT_LOCATIONS = List.of("jwtgate.yml", "jwtgate.yaml", "traefik.yml", "traefik.yaml");

    @Option(names = {"--configFile", "--configfile", "-c"}, paramLabel = "PATH",
            description = "Static configuration file (Traefik's format). Default: ./jwtgate.yml or ./traefik.yml when present.")
    Path configFile;

    @Unmatched
    List<String> overrides = new ArrayList<>();

    /** The file that will be read, or null for defaults only. */
    public Path file() {
        return configFile != null ? configFile
                : DEFAULT_LOCATIONS.stream().map(Path::of).filter(Files::isRegularFile).findFirst().orElse(null);
    }

    public StaticConfig load(Consumer<String> warn) throws ConfigException {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String raw : overrides) {
            if (!raw.startsWith("--") || !raw.contains("=")) {
                throw new ConfigException("command line", raw, "unknown argument",
                        "overrides look like --entryPoints.web.address=:8081; see --help");
            }
            int eq = raw.indexOf('=');
            flags.put(raw.substring(2, eq), raw.substring(eq + 1));
        }
        return new StaticConfigLoader(warn).load(file(), flags);
    }
}
