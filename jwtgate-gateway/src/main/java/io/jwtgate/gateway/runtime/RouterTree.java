package io.jwtgate.gateway.runtime;

import io.jwtgate.gateway.config.dynamic.RouterConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Multi-layer routing's tree, checked as Traefik v3.7's {@code ParseRouterTree}: children found
 * from their {@code parentRefs}; a missing parent, a child declaring entry points or TLS, a router
 * unreachable from a root, a router with neither service nor children, or with both, is disabled
 * with Traefik's reason; a cycle is cut at the router that closes it (that router keeps serving its
 * other children, with a warning). Pure: configuration in, tree and reasons out.
 *
 * @param children  for each parent, its children's names in name order (only links that survived)
 * @param disabled  routers that must not be served, with the reason
 * @param warnings  routers served with a remark (a cut cycle), with the remark
 */
public record RouterTree(Map<String, List<String>> children, Map<String, String> disabled, Map<String, String> warnings) {

    public static RouterTree of(Map<String, RouterConfig> routers) {
        Map<String, List<String>> children = new TreeMap<>();
        Map<String, String> disabled = new LinkedHashMap<>();
        Map<String, String> warnings = new LinkedHashMap<>();
        List<String> roots = new ArrayList<>();
        for (RouterConfig r : routers.values()) {
            if (r.error() != null) {
                continue; // reported already; not part of any tree
            }
            if (!r.isChild()) {
                roots.add(r.name());
                continue;
            }
            for (String parent : r.parentRefs()) {
                RouterConfig p = routers.get(parent);
                if (p == null || p.error() != null) {
                    disabled.putIfAbsent(r.name(), "parent router \"" + parent + "\" does not exist");
                } else {
                    List<String> list = children.computeIfAbsent(parent, k -> new ArrayList<>());
                    if (!list.contains(r.name())) {
                        list.add(r.name());
                    }
                }
            }
            if (r.tls()) {
                disabled.putIfAbsent(r.name(), "non-root router cannot have TLS configuration");
            } else if (!r.entryPoints().isEmpty()) {
                disabled.putIfAbsent(r.name(), "non-root router cannot have Entrypoints configuration");
            }
        }
        children.values().forEach(list -> list.sort(String::compareTo));
        roots.sort(String::compareTo);
        Set<String> visited = new HashSet<>();
        for (String root : roots) {
            traverse(root, children, visited, new ArrayList<>(), warnings);
        }
        for (RouterConfig r : routers.values()) {
            if (r.error() != null || disabled.containsKey(r.name())) {
                continue;
            }
            boolean hasChildren = !children.getOrDefault(r.name(), List.of()).isEmpty();
            if (!visited.contains(r.name())) {
                disabled.put(r.name(), "router is not reachable");
            } else if (r.service() == null && !hasChildren) {
                disabled.put(r.name(), "router has no service and no child routers");
            } else if (r.service() != null && hasChildren) {
                disabled.put(r.name(), "router has both a service and is referenced as a parent by other routers");
            }
        }
        return new RouterTree(children, disabled, warnings);
    }

    private static void traverse(String name, Map<String, List<String>> children, Set<String> visited, List<String> path,
                                 Map<String, String> warnings) {
        int at = path.indexOf(name);
        if (at >= 0) {
            // The router that closes the cycle loses that one link (Traefik's handleCycle).
            String guilty = path.get(path.size() - 1);
            List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
            cycle.add(name);
            warnings.put(guilty, "cyclic reference detected in router tree: " + String.join(" -> ", cycle));
            children.get(guilty).remove(name);
            return;
        }
        if (!visited.add(name)) {
            return;
        }
        path.add(name);
        for (String child : List.copyOf(children.getOrDefault(name, List.of()))) {
            traverse(child, children, visited, path, warnings);
        }
        path.remove(path.size() - 1);
    }

    public List<String> childrenOf(String router) {
        return children.getOrDefault(router, List.of());
    }
}
