package io.jwtgate.gateway.acme;

import io.jwtgate.expr.ExpressionException;
import io.jwtgate.gateway.config.TlsDomain;
import io.jwtgate.gateway.config.dynamic.RouterConfig;
import io.jwtgate.gateway.config.statics.AcmeConfig;
import io.jwtgate.gateway.rule.RuleHosts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which certificates each resolver must hold for the routers, as Traefik's {@code watchNewDomains}:
 * a router naming the resolver in {@code tls.certResolver} (or, without {@code tls} of its own, on
 * an entry point whose {@code http.tls.certResolver} names it) wants one certificate per entry of
 * its {@code tls.domains}, else one for the host names of its rule's {@code Host} matchers.
 * Pure: table-tested in RouterDomainsTest.
 */
final class RouterDomains {

    /** @param unknownResolver router name to the resolver name it gives that the static configuration has not */
    record Wanted(Map<String, List<TlsDomain>> byResolver, Map<String, String> unknownResolver) {}

    private RouterDomains() {}

    static Wanted of(Collection<RouterConfig> routers, AcmeConfig acme, Set<String> entryPoints) {
        Map<String, Set<TlsDomain>> by = new TreeMap<>();
        Map<String, String> unknown = new TreeMap<>();
        for (RouterConfig r : routers) {
            if (r.error() != null || r.rule() == null) {
                continue;
            }
            for (Choice c : choices(r, acme, entryPoints)) {
                if (!acme.resolvers().containsKey(c.resolver())) {
                    unknown.put(r.name(), c.resolver());
                    continue;
                }
                Set<TlsDomain> set = by.computeIfAbsent(c.resolver(), k -> new LinkedHashSet<>());
                if (!c.domains().isEmpty()) {
                    set.addAll(c.domains());
                    continue;
                }
                try {
                    List<String> hosts = RuleHosts.of(r.rule()).stream().map(h -> h.toLowerCase(java.util.Locale.ROOT)).distinct().toList();
                    if (!hosts.isEmpty()) {
                        set.add(new TlsDomain(hosts.get(0), hosts.subList(1, hosts.size())));
                    }
                } catch (ExpressionException e) {
                    // an invalid rule's router is reported and disabled where rules are compiled
                }
            }
        }
        Map<String, List<TlsDomain>> out = new LinkedHashMap<>();
        by.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return new Wanted(out, unknown);
    }

    private record Choice(String resolver, List<TlsDomain> domains) {}

    /** The router's own tls, or the defaults of the TLS entry points it is on when it has none. */
    private static List<Choice> choices(RouterConfig r, AcmeConfig acme, Set<String> entryPoints) {
        List<Choice> out = new ArrayList<>();
        if (r.tls()) {
            if (r.certResolver() != null) {
                out.add(new Choice(r.certResolver(), r.domains()));
            }
            return out;
        }
        Collection<String> on = r.entryPoints().isEmpty() ? entryPoints : r.entryPoints();
        for (String ep : on) {
            AcmeConfig.EntryPointTls d = acme.entryPoints().get(ep);
            if (d != null && d.certResolver() != null) {
                out.add(new Choice(d.certResolver(), d.domains()));
            }
        }
        return out;
    }
}
