package io.jwtgate.gateway.middleware.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The decision for one call: the first policy whose {@code match} is true gives the action; when
 * none matches, {@code defaultAction}. An allowing policy may require scopes: the token must cover
 * the middleware's {@code requiredScopes} and the policy's (else the call needs more scopes, and the
 * challenge lists all of them).
 */
record McpPolicies(List<Policy> policies, Action defaultAction, List<String> routeScopes, ScopeRules scopeRules) {

    /** The index reported for {@code defaultAction} (access log {@code MCPPolicy}: {@code default}). */
    static final int DEFAULT = -1;

    enum Action { ALLOW, DENY }

    /** One entry of {@code policies}, with its position in the list. */
    record Policy(int index, String match, Predicate<CallView> predicate, Action action, List<String> requiredScopes) {
        Policy {
            requiredScopes = List.copyOf(requiredScopes);
        }
    }

    /** What happens to one call; {@code policy} is the deciding entry's index, or {@link #DEFAULT}. */
    sealed interface Decision {
        int policy();

        /** Forwarded. */
        record Allowed(int policy) implements Decision {}

        /** Refused by a {@code deny} policy or the default action. */
        record Denied(int policy) implements Decision {}

        /** Allowed by the policy, but the token lacks scopes: {@code scopes} is every scope the call needs. */
        record MissingScopes(int policy, List<String> scopes) implements Decision {}
    }

    McpPolicies {
        policies = List.copyOf(policies);
        routeScopes = List.copyOf(routeScopes);
    }

    Decision decide(CallView call, Set<String> granted) {
        for (Policy p : policies) {
            if (p.predicate().test(call)) {
                return act(p.action(), p.index(), p.requiredScopes(), granted);
            }
        }
        return act(defaultAction, DEFAULT, List.of(), granted);
    }

    private Decision act(Action action, int index, List<String> policyScopes, Set<String> granted) {
        if (action == Action.DENY) {
            return new Decision.Denied(index);
        }
        if (policyScopes.isEmpty() || scopeRules.covers(granted, policyScopes)) {
            return new Decision.Allowed(index);
        }
        List<String> needed = new ArrayList<>(routeScopes);
        needed.addAll(policyScopes);
        return new Decision.MissingScopes(index, ScopeRules.forChallenge(needed));
    }
}
