package io.jwtgate.gateway.runtime.tls;

import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The messages for TLS options that cannot apply as written: one per set of conflicting routers, naming every
 * host and entry point it spans, the routers and the options each asked for (Traefik logs once per host and entry
 * point; jwtgate used to report once per router, which turned one mistake shared by 28 routers into 56 errors), and
 * one per router without a Host asking for options, whatever number of entry points it is on. The routers stay
 * served (with the default options), so these are not router errors.
 */
public final class TlsConflicts {

    private TlsConflicts() {}

    /** @param byEntryPoint the resolved entry points, in the static configuration's order */
    public static List<ConfigException> report(Map<String, TlsRouting.EntryPointTls> byEntryPoint) {
        Map<Map<String, List<String>>, Set<String>> hosts = new LinkedHashMap<>();
        Map<Map<String, List<String>>, Set<String>> entryPoints = new LinkedHashMap<>();
        Map<Map<String, List<String>>, String> sources = new LinkedHashMap<>();
        byEntryPoint.forEach((ep, tls) -> tls.conflicts().forEach(c -> {
            hosts.computeIfAbsent(c.routersByOption(), k -> new LinkedHashSet<>()).add(c.host());
            entryPoints.computeIfAbsent(c.routersByOption(), k -> new LinkedHashSet<>()).add(ep);
            sources.putIfAbsent(c.routersByOption(), c.source());
        }));
        List<ConfigException> out = new ArrayList<>();
        hosts.forEach((routersByOption, names) -> {
            StringJoiner involved = new StringJoiner("; ", "[", "]");
            routersByOption.forEach((option, routers) -> involved.add(option + ": " + String.join(", ", routers)));
            Set<String> eps = entryPoints.get(routersByOption);
            String first = routersByOption.values().iterator().next().get(0);
            out.add(new ConfigException(sources.get(routersByOption), "http.routers." + TlsRouting.plain(first) + ".tls.options",
                    "on " + entryPoints(eps) + ", "
                            + (names.size() == 1 ? "host " + names.iterator().next() + " is" : "hosts " + String.join(", ", names) + " are")
                            + " served by routers with different TLS options " + involved
                            + ", so the default TLS options apply to all of them there",
                    "give every router of a host the same tls.options"));
        });
        Map<TlsRouting.Hostless, Set<String>> hostless = new LinkedHashMap<>();
        byEntryPoint.forEach((ep, tls) -> tls.hostless().forEach(h -> hostless.computeIfAbsent(h, k -> new LinkedHashSet<>()).add(ep)));
        hostless.forEach((h, eps) -> out.add(new ConfigException(h.source(), "http.routers." + TlsRouting.plain(h.router()) + ".tls.options",
                "the rule has no Host matcher, so the TLS options '" + h.options() + "' cannot be chosen by SNI; on "
                        + entryPoints(eps) + " this router is served with the default TLS options",
                "add Host(`...`) to the rule, or remove tls.options")));
        return out;
    }

    private static String entryPoints(Set<String> eps) {
        return (eps.size() == 1 ? "entry point " : "entry points ") + String.join(", ", eps);
    }
}
