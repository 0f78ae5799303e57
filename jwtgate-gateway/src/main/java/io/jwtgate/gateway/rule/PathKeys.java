package io.jwtgate.gateway.rule;

import io.jwtgate.expr.Expr;
import java.util.Set;

/**
 * The path prefixes a routing index files a host-less rule under: a necessary condition, like
 * {@link HostKeys}. A v3 rule has keys when every way it can match goes through a positive
 * {@code PathPrefix} or {@code Path}; then, whenever it matches, the request's routing path starts
 * with one of them. v2 paths are mux templates ({@code /{id}}) and are never keys.
 */
public final class PathKeys {

    private PathKeys() {}

    /** The keys of a parsed rule, or null when it can match whatever the path. */
    static Set<String> of(Expr rule, RuleSyntax syntax) {
        return syntax == RuleSyntax.V3 ? NecessaryKeys.of(rule, PathKeys::call) : null;
    }

    private static Set<String> call(Expr.Call c) {
        String name = RuleCompiler.LANGUAGE.canonicalName(c.name());
        // Path(p) matches only p itself, which starts with p.
        return (name.equals("PathPrefix") || name.equals("Path")) && c.args().size() == 1 ? Set.of(c.args().get(0)) : null;
    }
}
