package io.jwtgate.gateway.middleware;

import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.RuleRequest;
import java.util.List;
import java.util.function.Predicate;

/**
 * A middleware that changes the router whose chain holds it, beyond its own step: the {@code mcp}
 * middleware serves its protected-resource metadata ahead of the chain (a request for it carries
 * no token, so the JWT middleware must not see it) and gives the chain's 401/403 challenges the
 * URL of that document. The runtime factory asks every such middleware of a router's chain, once
 * per build; the answers must not change between builds of the same middleware (it is reused).
 */
public interface RouterExtension {

    /**
     * Checks the chain this middleware is part of (entry-point middlewares first, as the router runs
     * them); a message disables the router (it answers 503 with the reason), null accepts it.
     */
    default String checkChain(List<Middleware> chain) {
        return null;
    }

    /** A step run first in the router's chain (before the entry point's middlewares), or null. */
    default Middleware chainHead() {
        return null;
    }

    /**
     * Routes served ahead of the router, on its entry points, at the highest priority.
     *
     * @param routerMatcher the router's own rule, so that a derived route matches only where the router does
     */
    default List<DerivedRoute> derivedRoutes(Predicate<RuleRequest> routerMatcher) {
        return List.of();
    }

    /**
     * A route derived from a router: {@code handler} answers every request {@code matcher} accepts
     * (it never calls {@code next}); {@code nameSuffix} is appended to the router's name, {@code rule}
     * describes the matcher for the API and logs.
     */
    record DerivedRoute(String nameSuffix, String rule, Predicate<RuleRequest> matcher, Middleware handler) {}
}
