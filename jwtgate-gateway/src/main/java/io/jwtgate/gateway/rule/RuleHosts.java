package io.jwtgate.gateway.rule;

import io.jwtgate.expr.Expr;
import io.jwtgate.expr.ExpressionException;
import io.jwtgate.expr.ExpressionParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The host names of a rule's {@code Host(...)} matchers, as Traefik's {@code ParseDomains} reads
 * them to choose TLS options by SNI: every {@code Host} anywhere in the expression (negated or
 * not, every argument of v2's multi-argument {@code Host}), lower-cased, whatever the rule's
 * syntax. {@code HostRegexp} and {@code HostHeader} are not included.
 */
public final class RuleHosts {

    private RuleHosts() {}

    /** @throws ExpressionException when the rule does not parse (such a router is not served anyway) */
    public static List<String> of(String rule) throws ExpressionException {
        List<String> out = new ArrayList<>();
        collect(ExpressionParser.parse(rule, RuleCompiler.ANY_LANGUAGE), out);
        return out;
    }

    private static void collect(Expr e, List<String> out) {
        switch (e) {
            case Expr.And a -> {
                collect(a.left(), out);
                collect(a.right(), out);
            }
            case Expr.Or o -> {
                collect(o.left(), out);
                collect(o.right(), out);
            }
            case Expr.Not n -> collect(n.operand(), out);
            case Expr.Call c -> {
                if (RuleCompiler.ANY_LANGUAGE.canonicalName(c.name()).equals("Host")) {
                    c.args().forEach(a -> out.add(a.toLowerCase(Locale.ROOT)));
                }
            }
        }
    }
}
