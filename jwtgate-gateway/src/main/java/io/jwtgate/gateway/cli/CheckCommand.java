package io.jwtgate.gateway.cli;

import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.runtime.RouterRuntime;
import io.jwtgate.jwt.config.ConfigException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jwtgate check}: validates the configuration and prints the routing table, without serving. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate the configuration, print the routing table and every warning.",
                "Exits 0 when the configuration is valid, 1 when it has problems (routers that would be disabled)."},
        footer = {"", "Examples:",
                "  jwtgate check --configFile=traefik.yml",
                "  jwtgate check -c examples/quickstart/jwtgate.yml && echo ok"})
public final class CheckCommand implements Callable<Integer> {

    @Mixin
    StaticConfigOption configOption;

    PrintStream out = System.out;

    @Override
    public Integer call() {
        List<String> warnings = new ArrayList<>();
        StaticConfig config;
        try {
            config = configOption.load(warnings::add);
        } catch (ConfigException e) {
            out.println("ERROR " + e.getMessage());
            return 1;
        }
        try (OfflineConfiguration offline = new OfflineConfiguration(config)) {
            warnings.addAll(offline.warnings());
            out.println("Entry points:");
            config.entryPoints().values().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(ep ->
                    out.println("  " + ep.name() + "  " + ep.host() + ":" + ep.port() + (ep.tls() ? "  TLS" : "")));
            for (Map.Entry<String, List<RouterRuntime>> e : offline.runtime().routersByEntryPoint().entrySet()) {
                out.println();
                out.println("Routers on " + e.getKey() + " (in match order):");
                if (e.getValue().isEmpty()) {
                    out.println("  (none: every request gets 404)");
                }
                for (RouterRuntime r : e.getValue()) {
                    var rc = offline.config().routers().get(r.name());
                    out.println("  " + (r.error() == null ? "ok      " : "DISABLED") + "  " + r.name() + "  priority " + r.priority());
                    out.println("            rule: " + r.rule());
                    if (rc != null && !rc.middlewares().isEmpty()) {
                        out.println("            middlewares: " + String.join(", ", rc.middlewares()));
                    }
                    out.println("            service: " + r.serviceName());
                }
            }
            out.println();
            warnings.forEach(w -> out.println("WARN  " + w));
            offline.problems().forEach(p -> out.println("ERROR " + p.replace("\n", "\n      ")));
            out.println();
            out.println(offline.problems().isEmpty() ? "configuration is valid" : offline.problems().size() + " problem(s)");
            return offline.problems().isEmpty() ? 0 : 1;
        } catch (ConfigException e) {
            out.println("ERROR " + e.getMessage());
            return 1;
        }
    }
}
