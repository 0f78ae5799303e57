package io.jwtgate.gateway.middleware.mcp;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OAuth scopes: what a token grants and whether that covers what an operation needs. A token's
 * scopes are the union of {@code scope} (a space-separated string, RFC 8693/9068) and {@code scp}
 * (an array of strings, or a space-separated string as Microsoft Entra writes it). A granted scope
 * covers itself and what {@code impliedScopes} says it implies: exact scopes (followed further, so
 * {@code admin -> write -> read} works) and prefixes written with a final {@code *}
 * ({@code mcp:*} covers {@code mcp:tools:call}).
 *
 * @param implied broad scope -> scopes or {@code prefix*} patterns it covers
 */
record ScopeRules(Map<String, List<String>> implied) {

    /** Never listed in a challenge: it asks for a refresh token, not for access to this resource. */
    static final String OFFLINE_ACCESS = "offline_access";

    ScopeRules {
        implied = Map.copyOf(implied);
    }

    static final ScopeRules NONE = new ScopeRules(Map.of());

    /** The scopes the verified claims grant, in token order. */
    static Set<String> granted(Map<String, Object> claims) {
        Set<String> out = new LinkedHashSet<>();
        addAll(out, claims.get("scope"));
        addAll(out, claims.get("scp"));
        return out;
    }

    private static void addAll(Set<String> out, Object value) {
        if (value instanceof String s) {
            for (String part : s.split(" ")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        } else if (value instanceof List<?> list) {
            list.forEach(e -> addAll(out, e instanceof String s ? s : null));
        }
    }

    /** Whether {@code granted} covers every scope of {@code needed}. */
    boolean covers(Set<String> granted, Collection<String> needed) {
        if (needed.isEmpty()) {
            return true;
        }
        Set<String> exact = new LinkedHashSet<>(granted);
        Set<String> prefixes = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(granted);
        while (!todo.isEmpty()) {
            for (String next : implied.getOrDefault(todo.pop(), List.of())) {
                if (next.endsWith("*")) {
                    prefixes.add(next.substring(0, next.length() - 1)); // only configured implications are patterns, never a token's scope
                } else if (exact.add(next)) {
                    todo.push(next);
                }
            }
        }
        return needed.stream().allMatch(scope -> exact.contains(scope) || prefixes.stream().anyMatch(scope::startsWith));
    }

    /** What a challenge lists: the needed scopes in order, once each, without {@code offline_access}. */
    static List<String> forChallenge(Collection<String> needed) {
        Set<String> out = new LinkedHashSet<>(needed);
        out.remove(OFFLINE_ACCESS);
        return List.copyOf(out);
    }
}
