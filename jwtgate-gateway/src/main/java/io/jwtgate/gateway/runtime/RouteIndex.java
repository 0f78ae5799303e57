package io.jwtgate.gateway.runtime;

import io.jwtgate.gateway.http.RuleRequest;
import io.jwtgate.gateway.rule.HostKeys;
import io.jwtgate.gateway.rule.PathKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The routers of one entry point and one kind of connection, in match order, with a host index so
 * that finding the first match does not walk every router. Routers whose rule can only match
 * through a positive {@code Host} ({@link HostKeys}) are filed under their hosts; of the others,
 * those that can only match through a v3 {@code PathPrefix} or {@code Path} ({@link PathKeys})
 * under their paths; the rest are "unindexed". A request visits the routers of its host's
 * buckets, of the buckets of its path's prefixes and the unindexed ones, merged back into match
 * order: exactly the routers of the full list that could match, in the same
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
    /** Path prefix to the positions (ascending) of the host-less routers filed under it. */
    private final Map<String, int[]> byPath;
    /** The distinct lengths of those prefixes, ascending: the only prefixes of a path worth looking up. */
    private final int[] pathLengths;

    private RouteIndex(List<RouterRuntime> routers) {
        this.routers = List.copyOf(routers);
        this.ordered = this.routers.toArray(RouterRuntime[]::new);
        Map<String, List<Integer>> hosts = new HashMap<>();
        Map<String, List<Integer>> paths = new HashMap<>();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < ordered.length; i++) {
            Set<String> hostKeys = ordered[i].hostKeys();
            Set<String> pathKeys = ordered[i].pathKeys();
            if (hostKeys != null) {
                file(hosts, hostKeys, i);
            } else if (pathKeys != null) {
                file(paths, pathKeys, i);
            } else {
                rest.add(i);
            }
        }
        this.byHost = frozen(hosts);
        this.byPath = frozen(paths);
        this.unindexed = ints(rest);
        this.wildcards = byHost.keySet().stream().anyMatch(k -> k.startsWith("*"));
        this.pathLengths = new TreeSet<>(byPath.keySet().stream().map(String::length).toList()).stream().mapToInt(Integer::intValue).toArray();
    }

    private static void file(Map<String, List<Integer>> buckets, Set<String> keys, int position) {
        for (String key : keys) {
            buckets.computeIfAbsent(key, k -> new ArrayList<>(1)).add(position);
        }
    }

    private static Map<String, int[]> frozen(Map<String, List<Integer>> buckets) {
        Map<String, int[]> out = HashMap.newHashMap(buckets.size());
        buckets.forEach((key, positions) -> out.put(key, ints(positions)));
        return out;
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
        if (!host.isEmpty() && !HostKeys.keyable(host)) {
            for (RouterRuntime router : ordered) {
                if (router.matcher().test(request)) {
                    return router;
                }
            }
            return null;
        }
        // No Host matcher matches a request without a host: then only the host buckets stay empty.
        int[] exact = host.isEmpty() ? NONE : byHost.getOrDefault(HostKeys.requestKey(host), NONE);
        int[] wildcard = host.isEmpty() || !wildcards ? NONE : byHost.getOrDefault(HostKeys.wildcardKey(host), NONE);
        if (pathLengths.length == 0) {
            return first(new int[][] {exact, wildcard, unindexed}, request);
        }
        String path = request.path();
        int[][] lists = new int[3 + pathLengths.length][];
        lists[0] = exact;
        lists[1] = wildcard;
        lists[2] = unindexed;
        int n = 3;
        for (int length : pathLengths) {
            if (length > path.length()) {
                break;
            }
            int[] bucket = byPath.get(path.substring(0, length));
            if (bucket != null) {
                lists[n++] = bucket;
            }
        }
        return first(n == lists.length ? lists : Arrays.copyOf(lists, n), request);
    }

    /** Tests, in ascending position, the routers of all these lists (which may share routers), each once. */
    private RouterRuntime first(int[][] lists, RuleRequest request) {
        int[] at = new int[lists.length];
        while (true) {
            int next = Integer.MAX_VALUE;
            for (int l = 0; l < lists.length; l++) {
                if (at[l] < lists[l].length && lists[l][at[l]] < next) {
                    next = lists[l][at[l]];
                }
            }
            if (next == Integer.MAX_VALUE) {
                return null;
            }
            for (int l = 0; l < lists.length; l++) {
                if (at[l] < lists[l].length && lists[l][at[l]] == next) {
                    at[l]++;
                }
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
