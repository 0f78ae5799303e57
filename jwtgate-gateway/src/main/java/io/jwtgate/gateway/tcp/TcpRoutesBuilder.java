package io.jwtgate.gateway.tcp;

import io.jwtgate.expr.ExpressionException;
import io.jwtgate.gateway.config.dynamic.TcpConfig;
import io.jwtgate.gateway.runtime.tls.TlsChoice;
import io.jwtgate.gateway.runtime.tls.TlsOptionsRef;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * Compiles the {@code tcp} section into the routes of each entry point, as Traefik's TCP router
 * manager does: a router that cannot be built (bad rule, {@code HostSNI} without {@code tls},
 * unknown entry point or service) is reported and left out, the others serve; a router whose TLS
 * options cannot be built closes its connections.
 */
public final class TcpRoutesBuilder {

    private final TcpConfig config;
    private final BiConsumer<String, ConfigException> report;
    private final Map<String, Object> services = new HashMap<>();

    /** Ranks a qualified router name by its provider ({@code providers.precedence}): lower first at equal priority. */
    private final java.util.function.ToIntFunction<String> providerRank;

    /** @param report told (router or service name, problem) once per problem */
    public TcpRoutesBuilder(TcpConfig config, BiConsumer<String, ConfigException> report) {
        this(config, report, name -> 0);
    }

    public TcpRoutesBuilder(TcpConfig config, BiConsumer<String, ConfigException> report, java.util.function.ToIntFunction<String> providerRank) {
        this.config = config;
        this.report = report;
        this.providerRank = providerRank;
    }

    /** The name TLS routing knows a terminating TCP router by (HTTP routers can have the same name). */
    public static String tlsRouteName(String router) {
        return "tcp:" + router;
    }

    /** The compiled rules of the routers that can be compiled, by router name (problems are reported by {@link #build}). */
    public static Map<String, TcpRule> rules(TcpConfig config) {
        Map<String, TcpRule> out = new TreeMap<>();
        config.routers().forEach((name, r) -> {
            if (r.error() == null) {
                try {
                    out.put(name, TcpRule.compile(r.rule()));
                } catch (ExpressionException e) {
                    // reported by build
                }
            }
        });
        return out;
    }

    /**
     * @param entryPoints every entry point's name
     * @param tlsChoice   the TLS options TLS routing resolved for (entry point, {@link #tlsRouteName})
     */
    public Map<String, TcpRoutes> build(Set<String> entryPoints, BiFunction<String, String, TlsChoice> tlsChoice) {
        Map<String, List<TcpRoute>> plain = new LinkedHashMap<>();
        Map<String, List<TcpRoute>> tls = new LinkedHashMap<>();
        for (TcpConfig.Router r : new TreeMap<>(config.routers()).values()) {
            if (r.error() != null) {
                continue; // reported by the parser
            }
            String key = "tcp.routers." + plain(r.name());
            TcpRule rule;
            try {
                rule = TcpRule.compile(r.rule());
            } catch (ExpressionException e) {
                report.accept(r.name(), new ConfigException(r.source(), key + ".rule", e.getMessage().replace("\n", "\n    ") + "\n   ",
                        "correct the rule; this router is not served"));
                continue;
            }
            if (r.tls() == null && rule.hostSnis().stream().anyMatch(h -> !h.equals("*"))) {
                report.accept(r.name(), new ConfigException(r.source(), key + ".rule", "has a HostSNI matcher but no tls: a cleartext"
                        + " connection has no server name", "add `tls: {}` (or `tls: {passthrough: true}`), or use HostSNI(`*`)"));
                continue;
            }
            Object service = service(r.service(), new LinkedHashSet<>());
            if (service instanceof String error) {
                report.accept(r.name(), new ConfigException(r.source(), key + ".service", error, "this router is not served"));
                continue;
            }
            TcpRoute.Mode mode = r.tls() == null ? TcpRoute.Mode.PLAIN : r.tls().passthrough() ? TcpRoute.Mode.PASSTHROUGH : TcpRoute.Mode.TERMINATE;
            int priority = r.priority() > 0 ? r.priority() : rule.defaultPriority();
            List<String> targets = r.entryPoints().isEmpty() ? List.copyOf(entryPoints) : r.entryPoints();
            for (String ep : targets) {
                if (!entryPoints.contains(ep)) {
                    report.accept(r.name(), new ConfigException(r.source(), key + ".entryPoints", "entry point '" + ep + "' is not defined",
                            "use one of " + entryPoints));
                    continue;
                }
                TlsOptionsRef options = null;
                String error = null;
                if (mode == TcpRoute.Mode.TERMINATE) {
                    TlsChoice choice = tlsChoice.apply(ep, tlsRouteName(r.name()));
                    if (choice instanceof TlsChoice.Use use) {
                        options = use.options().ref();
                    } else {
                        error = choice instanceof TlsChoice.Refuse refuse ? refuse.reason() : "no TLS options";
                        report.accept(r.name(), new ConfigException(r.source(), key + ".tls.options", error,
                                "define them under tls.options, or correct the name; connections of this router are closed"));
                    }
                }
                TcpRoute route = new TcpRoute(r.name(), rule, priority, mode, error == null ? (TcpService) service : null, options, error);
                (mode == TcpRoute.Mode.PLAIN ? plain : tls).computeIfAbsent(ep, k -> new ArrayList<>()).add(route);
            }
        }
        // Traefik's TCP muxer: priority, then providers.precedence, then (jwtgate) the name for a stable order.
        Comparator<TcpRoute> order = Comparator.comparingInt(TcpRoute::priority).reversed()
                .thenComparingInt((TcpRoute r) -> providerRank.applyAsInt(r.name())).thenComparing(TcpRoute::name);
        Map<String, TcpRoutes> out = new LinkedHashMap<>();
        for (String ep : entryPoints) {
            List<TcpRoute> p = new ArrayList<>(plain.getOrDefault(ep, List.of()));
            List<TcpRoute> t = new ArrayList<>(tls.getOrDefault(ep, List.of()));
            if (!p.isEmpty() || !t.isEmpty()) {
                p.sort(order);
                t.sort(order);
                out.put(ep, new TcpRoutes(p, t));
            }
        }
        return out;
    }

    /** The built service, or why it cannot be built (a String); children of weighted services are resolved recursively. */
    private Object service(String name, Set<String> visiting) {
        Object done = services.get(name);
        if (done != null) {
            return done;
        }
        TcpConfig.Service s = config.services().get(name);
        Object built;
        boolean added = false;
        if (s == null) {
            built = "TCP service '" + name + "' does not exist (define it under tcp.services)";
        } else if (s.error() != null) {
            built = "TCP service '" + name + "' is invalid: " + s.error().getMessage();
        } else if (visiting.contains(name)) {
            return "TCP service '" + name + "' contains itself through " + visiting;
        } else if (s.weighted().isEmpty()) {
            built = new TcpService.RoundRobin(s.servers().stream().map(a -> TcpService.Server.parse(a, s.proxyProtocol())).toList());
        } else {
            added = visiting.add(name);
            List<TcpService> children = new ArrayList<>();
            List<Integer> weights = new ArrayList<>();
            built = null;
            for (TcpConfig.Weighted w : s.weighted()) {
                Object child = service(w.service(), visiting);
                if (child instanceof String error) {
                    built = "TCP service '" + name + "': " + error;
                    break;
                }
                children.add((TcpService) child);
                weights.add(w.weight());
            }
            if (built == null) {
                built = new TcpService.Weighted(children, weights);
            }
        }
        if (added) {
            visiting.remove(name);
        }
        services.put(name, built);
        return built;
    }

    private static String plain(String qualified) {
        int at = qualified.indexOf('@');
        return at < 0 ? qualified : qualified.substring(0, at);
    }
}
