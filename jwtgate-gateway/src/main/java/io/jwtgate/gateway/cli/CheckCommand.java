package io.jwtgate.gateway.cli;

import io.jwtgate.gateway.config.Unsupported;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.runtime.RouterRuntime;
import io.jwtgate.jwt.config.ConfigException;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jwtgate check}: validates the configuration and prints the routing table, without serving. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate the configuration, print the routing table and every warning.",
                "Exits 0 when the configuration is valid and behaves as in Traefik; 1 when it has problems (routers that",
                "would be disabled) or uses something jwtgate does not implement (a DIFFERS line), unless --allow-differences."},
        footer = {"", "Examples:",
                "  jwtgate check --configFile=traefik.yml",
                "  jwtgate check -c examples/quickstart/jwtgate.yml && echo ok"})
public final class CheckCommand implements Callable<Integer> {

    @Mixin
    StaticConfigOption configOption;

    @Option(names = "--allow-differences", description = "Exit 0 even when something behaves differently from Traefik (still printed).")
    boolean allowDifferences;

    PrintStream out = System.out;

    @Override
    public Integer call() {
        Set<String> warnings = new LinkedHashSet<>(); // each reported once, however many routers share it
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
                    if (rc != null && rc.service() == null) {
                        List<String> children = offline.config().routers().values().stream()
                                .filter(c -> c.parentRefs().contains(r.name())).map(c -> c.name()).sorted().toList();
                        out.println("            child routers: " + String.join(", ", children));
                    } else {
                        out.println("            service: " + r.serviceName());
                    }
                }
            }
            out.println();
            long differences = warnings.stream().filter(Unsupported::isDifference).count();
            warnings.forEach(w -> out.println((Unsupported.isDifference(w) ? "DIFFERS " : "WARN    ") + w));
            offline.problems().forEach(p -> out.println("ERROR   " + p.replace("\n", "\n        ")));
            out.println();
            out.println(offline.problems().isEmpty() ? "configuration is valid" : offline.problems().size() + " problem(s)");
            if (differences > 0) {
                out.println(differences + " setting(s) behave differently from Traefik (DIFFERS above)"
                        + (allowDifferences ? "; accepted with --allow-differences" : "; exit 1 (--allow-differences to accept them)"));
            }
            return offline.problems().isEmpty() && (differences == 0 || allowDifferences) ? 0 : 1;
        } catch (ConfigException e) {
            out.println("ERROR " + e.getMessage());
            return 1;
        }
    }
}
