package io.jwtgate.gateway.runtime.tls;

import io.jwtgate.expr.ExpressionException;
import io.jwtgate.gateway.config.dynamic.TlsOptionsConfig;
import io.jwtgate.gateway.rule.RuleHosts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which TLS options each router of a TLS entry point gets, and so which options each SNI name
 * gets there, with Traefik's arbitration (its {@code resolveHTTPTLSOptions}, per entry point): the
 * host names of a router's {@code Host} matchers take its options; when routers of one host ask
 * for different options, or a router without a {@code Host} asks for non-default options (SNI
 * cannot select them), those routers get {@code default} there, and it is reported.
 */
public final class TlsRouting {

    /**
     * A router placed on a TLS entry point.
     *
     * @param options the options it asks for: {@code default} or a qualified name
     */
    public record Route(String router, String rule, String options, String source) {}

    /**
     * Routers of one host asking for different options on one entry point: all of them get {@code default}
     * there. Reported once for the host by {@link TlsConflicts}, not once per router.
     *
     * @param routersByOption the routers by the options they asked for, both sorted
     * @param source          the file of the first router named, where the message points
     */
    public record Conflict(String host, Map<String, List<String>> routersByOption, String source) {
        public Conflict {
            Map<String, List<String>> copy = new TreeMap<>();
            routersByOption.forEach((option, routers) -> copy.put(option, routers.stream().sorted().toList()));
            routersByOption = java.util.Collections.unmodifiableMap(copy);
        }
    }

    /** A router without a {@code Host} asking for non-default options: SNI cannot select them, it gets {@code default}. */
    public record Hostless(String router, String options, String source) {}

    /** The outcome for one entry point: its SNI table, each router's resolved options, and what {@link TlsConflicts} reports. */
    public record EntryPointTls(SniOptions sni, Map<String, TlsChoice> byRouter, List<Conflict> conflicts, List<Hostless> hostless) {
        public EntryPointTls {
            byRouter = Map.copyOf(byRouter);
            conflicts = List.copyOf(conflicts);
            hostless = List.copyOf(hostless);
        }
    }

    private final Map<String, TlsChoice> options;

    /** @param options every compiled set of options by name, {@code default} included */
    public TlsRouting(Map<String, TlsChoice> options) {
        this.options = Map.copyOf(options);
    }

    public TlsChoice choice(String name) {
        TlsChoice c = options.get(name);
        if (c != null) {
            return c;
        }
        return new TlsChoice.Refuse(name, "TLS options '" + name + "' do not exist");
    }

    /**
     * The routers whose options cannot apply as written are returned ({@link EntryPointTls#conflicts()},
     * {@link EntryPointTls#hostless()}), not reported here: {@link TlsConflicts} reports each once over all entry points.
     */
    public EntryPointTls entryPoint(String entryPoint, List<Route> routes) {
        List<Hostless> hostless = new ArrayList<>();
        Map<String, List<String>> hostsByRouter = new LinkedHashMap<>();
        Map<String, String> resolved = new LinkedHashMap<>();
        Set<String> conflicted = new HashSet<>();
        Map<String, Map<String, List<String>>> byHost = new TreeMap<>();
        for (Route r : routes) {
            List<String> hosts = new ArrayList<>();
            try {
                for (String h : RuleHosts.of(r.rule())) {
                    hosts.add(SniOptions.normalize(h));
                }
            } catch (ExpressionException e) {
                continue; // an invalid rule's router is dropped and reported where rules are compiled
            }
            hostsByRouter.put(r.router(), hosts);
            resolved.put(r.router(), r.options());
            if (hosts.isEmpty() && !r.options().equals(TlsOptionsConfig.DEFAULT)) {
                conflicted.add(r.router());
                hostless.add(new Hostless(r.router(), r.options(), r.source()));
            }
            for (String h : hosts) {
                byHost.computeIfAbsent(h, k -> new TreeMap<>()).computeIfAbsent(r.options(), k -> new ArrayList<>()).add(r.router());
            }
        }
        List<Conflict> conflicts = new ArrayList<>();
        byHost.forEach((host, byOption) -> {
            if (byOption.size() > 1) {
                byOption.values().forEach(conflicted::addAll);
                String first = byOption.values().iterator().next().stream().sorted().findFirst().orElseThrow();
                String source = routes.stream().filter(r -> r.router().equals(first)).findFirst().orElseThrow().source();
                conflicts.add(new Conflict(host, byOption, source));
            }
        });
        conflicted.forEach(router -> resolved.put(router, TlsOptionsConfig.DEFAULT));

        Map<String, TlsChoice> byRouter = new LinkedHashMap<>();
        for (Route r : routes) {
            if (!resolved.containsKey(r.router())) {
                continue;
            }
            // Options that cannot be built disable the router even where it falls back to default (Traefik
            // checks the configured options when it builds the router).
            TlsChoice requested = choice(r.options());
            byRouter.put(r.router(), requested instanceof TlsChoice.Refuse ? requested : choice(resolved.get(r.router())));
        }
        Map<String, TlsChoice> hosts = new TreeMap<>();
        byHost.forEach((host, byOption) -> {
            // The options of the routers that kept theirs; a host whose routers all conflicted gets default.
            Set<String> kept = new TreeSet<>();
            byOption.values().forEach(routers -> routers.stream().filter(r -> !conflicted.contains(r)).forEach(r -> kept.add(resolved.get(r))));
            hosts.put(host, choice(kept.size() == 1 ? kept.iterator().next() : TlsOptionsConfig.DEFAULT));
        });
        return new EntryPointTls(new SniOptions(choice(TlsOptionsConfig.DEFAULT), hosts), byRouter, conflicts, hostless);
    }

    static String plain(String qualified) {
        int at = qualified.indexOf('@');
        return at < 0 ? qualified : qualified.substring(0, at);
    }
}
