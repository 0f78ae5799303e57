package io.jwtgate.gateway.cli;

import io.jwtgate.gateway.Gateway;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import io.jwtgate.gateway.observability.LoggingSetup;
import io.jwtgate.gateway.provider.kubernetes.KubernetesProviders;
import io.jwtgate.jwt.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code jwtgate run}: starts the gateway from a Traefik static configuration file. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Start the gateway.",
                "Any other --key.path=value flag overrides the static configuration, as with Traefik,",
                "e.g. --entryPoints.web.address=:8081 --log.level=DEBUG"},
        footer = {"", "Examples:",
                "  jwtgate run --configFile=examples/quickstart/jwtgate.yml",
                "  jwtgate run --configFile=traefik.yml --entryPoints.web.address=:8081"})
public final class RunCommand implements Callable<Integer> {

    private static final List<String> DEFAULT_LOCATIONS = List.of("jwtgate.yml", "jwtgate.yaml", "traefik.yml", "traefik.yaml");

    @Option(names = {"--configFile", "--configfile", "-c"}, paramLabel = "PATH",
            description = "Static configuration file (Traefik's format). Default: ./jwtgate.yml or ./traefik.yml when present.")
    Path configFile;

    @Unmatched
    List<String> overrides = new java.util.ArrayList<>();

    /**
     * {@code run}'s arguments when they are only {@code --configFile}/{@code -c} and {@code --key=value}
     * overrides, read as picocli reads them; null for anything else ({@code --help}, a repeated or
     * missing value, a clustered short option), which picocli then answers. Why not picocli for these:
     * its classes are Java 5 bytecode, which no class cache can hold, and building its command model
     * was about 0.4 s of every start (docs/benchmarks.md, "Start").
     */
    static RunCommand fromPlainArguments(String[] args) {
        RunCommand command = new RunCommand();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String file = null;
                if (arg.equals("-c") || arg.equals("--configFile") || arg.equals("--configfile")) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
                        return null;
                    }
                    file = args[++i];
                } else if (arg.startsWith("--configFile=") || arg.startsWith("--configfile=")) {
                    file = arg.substring("--configFile=".length());
                } else if (arg.startsWith("--") && arg.indexOf('=') > 2 && !arg.startsWith("--help") && !arg.startsWith("--version")) {
                    command.overrides.add(arg);
                    continue;
                } else {
                    return null;
                }
                if (command.configFile != null || file.isEmpty()) {
                    return null;
                }
                command.configFile = Path.of(file);
            }
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
        return command;
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String raw : overrides) {
            if (!raw.startsWith("--") || !raw.contains("=")) {
                System.err.println("jwtgate: unknown argument '" + raw + "' (overrides look like --entryPoints.web.address=:8081)");
                return 2;
            }
            int eq = raw.indexOf('=');
            flags.put(raw.substring(2, eq), raw.substring(eq + 1));
        }
        Path file = configFile != null ? configFile : DEFAULT_LOCATIONS.stream().map(Path::of).filter(Files::isRegularFile).findFirst().orElse(null);
        StaticConfig config;
        try {
            config = new StaticConfigLoader(message -> LoggerFactory.getLogger("config").warn(message)).load(file, flags);
        } catch (ConfigException e) {
            System.err.println("jwtgate: invalid static configuration: " + e.getMessage());
            return 1;
        }
        LoggingSetup.apply(config.log());
        Logger log = LoggerFactory.getLogger("jwtgate");
        log.info("starting with {}", file == null ? "no configuration file (defaults)" : "configuration " + file.toAbsolutePath());
        Gateway gateway;
        try {
            gateway = Gateway.start(config, java.util.Map.of(), null,
                    KubernetesProviders.from(config, message -> LoggerFactory.getLogger("config").warn(message)));
        } catch (ConfigException e) { // what only the running machine can refuse (ioTransport)
            System.err.println("jwtgate: invalid static configuration: " + e.getMessage());
            return 1;
        }
        for (String problem : gateway.problems()) {
            log.warn("served with problem: {}", problem);
        }
        QuickStartBanner.print(config, gateway);
        CountDownLatch stopped = new CountDownLatch(1);
        java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            java.time.Duration grace = config.entryPoints().values().stream().map(ep -> ep.graceTimeout())
                    .max(java.time.Duration::compareTo).orElse(java.time.Duration.ofSeconds(10));
            log.info("shutting down: no new connections, in-flight requests have {} to finish", grace);
            gateway.shutdown(grace);
            stopped.countDown();
        }, "jwtgate-shutdown"));
        stopped.await();
        return 0;
    }
}
