package io.jwtgate.gateway.runtime;

import io.jwtgate.gateway.http.RuleRequest;
import io.jwtgate.gateway.rule.HostKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routers of one entry point and one kind of connection, in match order, with a host index so
 * that finding the first match does not walk every router. Routers whose rule can only match
 * through a positive {@code Host} ({@link HostKeys}) are filed under their hosts; the others are
 * "unindexed". A request visits the routers of its host's buckets and the unindexed ones, merged
 * back into match order: exactly the routers of the full list that could match, in the same
 * order, each still decided by its own predicate. The first match is therefore the one a walk of
 * the whole list finds, whatever the number of routers.
 */
public final class RouteIndex {

    public static final RouteIndex EMPTY = of(List.of());

    private static final int[] NONE = new int[0];

    private final List<RouterRuntime> routers;
    private final RouterRuntime[] ordered;
    /** Host key to the positions (ascending) of the routers filed under it. */
    private final Map<String, int[]> byHost;
    /** Positions (ascending) of the routers that may match whatever the host. */
    private final int[] unindexed;
    /** Whether any key is a v3 wildcard's: only then does a request look its wildcard key up. */
    private final boolean wildcards;

    private RouteIndex(List<RouterRuntime> routers) {
        this.routers = List.copyOf(routers);
        this.ordered = this.routers.toArray(RouterRuntime[]::new);
        Map<String, List<Integer>> buckets = new HashMap<>();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < ordered.length; i++) {
            Set<String> keys = ordered[i].hostKeys();
            if (keys == null) {
                rest.add(i);
            } else {
                for (String key : keys) {
                    buckets.computeIfAbsent(key, k -> new ArrayList<>(1)).add(i);
                }
            }
        }
        Map<String, int[]> index = HashMap.newHashMap(buckets.size());
        buckets.forEach((key, positions) -> index.put(key, ints(positions)));
        this.byHost = index;
        this.unindexed = ints(rest);
        this.wildcards = index.keySet().stream().anyMatch(k -> k.startsWith("*"));
    }

    /** @param routers in match order (priority, then name) */
    public static RouteIndex of(List<RouterRuntime> routers) {
        return new RouteIndex(routers);
    }

    /** Every router, in match order. */
    public List<RouterRuntime> routers() {
        return routers;
    }

    public boolean isEmpty() {
        return routers.isEmpty();
    }

    /** The first router, in match order, whose rule matches the request, or null. */
    public RouterRuntime match(RuleRequest request) {
        String host = HostKeys.canonicalHost(request.authority());
        if (host.isEmpty()) {
            return first(NONE, NONE, request); // no Host matcher matches a request without a host
        }
        if (!HostKeys.keyable(host)) {
            for (RouterRuntime router : ordered) {
                if (router.matcher().test(request)) {
                    return router;
                }
            }
            return null;
        }
        int[] exact = byHost.getOrDefault(HostKeys.requestKey(host), NONE);
        int[] wildcard = wildcards ? byHost.getOrDefault(HostKeys.wildcardKey(host), NONE) : NONE;
        return first(exact, wildcard, request);
    }

    /** Tests, in ascending position, the routers of two buckets (which may share routers) and the unindexed ones. */
    private RouterRuntime first(int[] a, int[] b, RuleRequest request) {
        int[] c = unindexed;
        int i = 0;
        int j = 0;
        int k = 0;
        while (true) {
            int next = Integer.MAX_VALUE;
            if (i < a.length) {
                next = a[i];
            }
            if (j < b.length && b[j] < next) {
                next = b[j];
            }
            if (k < c.length && c[k] < next) {
                next = c[k];
            }
            if (next == Integer.MAX_VALUE) {
                return null;
            }
            if (i < a.length && a[i] == next) {
                i++;
            }
            if (j < b.length && b[j] == next) {
                j++;
            }
            if (k < c.length && c[k] == next) {
                k++;
            }
            RouterRuntime router = ordered[next];
            if (router.matcher().test(request)) {
                return router;
            }
        }
    }

    private static int[] ints(List<Integer> positions) {
        int[] out = new int[positions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = positions.get(i);
        }
        return out;
    }
}
