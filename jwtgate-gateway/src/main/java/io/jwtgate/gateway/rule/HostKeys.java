package io.jwtgate.gateway.rule;

import io.jwtgate.expr.Expr;
import io.jwtgate.expr.ExpressionException;
import io.jwtgate.expr.ExpressionParser;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The keys a routing index files a rule under, and the keys a request looks up: a necessary
 * condition, never a sufficient one (the rule's predicate still decides). A rule has keys when
 * every way it can match goes through a positive {@code Host} (v3 {@code Host}, v2 {@code Host} or
 * {@code HostHeader}); then, whenever it matches a request, one of its keys is one of the request's
 * two keys ({@link #requestKey}, {@link #wildcardKey}). Both sides drop trailing dots, which covers
 * the matchers' "a trailing dot ignored on either side"; a v3 {@code *.example.com} is filed under
 * {@code *.example.com}, which is the wildcard key of every host it matches.
 */
public final class HostKeys {

    private HostKeys() {}

    /**
     * The keys of {@code rule}, or null when it can match without a {@code Host} (no {@code Host},
     * {@code Host(`*`)}, a negation, an alternative without one, a rule that does not parse).
     */
    public static Set<String> of(String rule, RuleSyntax syntax) {
        try {
            return of(ExpressionParser.parse(rule, syntax == RuleSyntax.V2 ? RuleCompiler.V2_LANGUAGE : RuleCompiler.LANGUAGE), syntax);
        } catch (ExpressionException e) {
            return null;
        }
    }

    /** The keys of a parsed rule, as {@link #of(String, RuleSyntax)}. */
    static Set<String> of(Expr rule, RuleSyntax syntax) {
        return NecessaryKeys.of(rule, c -> call(c, syntax));
    }

    /** The request's host as the {@code Host} matchers read it: port removed, lower case, trailing dot kept; empty for none. */
    public static String canonicalHost(String authority) {
        return HostForms.canonical(authority);
    }

    /**
     * Whether a key can stand for this canonical host: not when it has non-ASCII characters (v3
     * compares ignoring case the Unicode way, e.g. a dotless {@code ı} equals {@code i}, which a
     * lower-case key cannot reproduce).
     */
    public static boolean keyable(String canonicalHost) {
        for (int i = 0; i < canonicalHost.length(); i++) {
            if (canonicalHost.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The key of a (non-empty, keyable) canonical host: itself without trailing dots. */
    public static String requestKey(String canonicalHost) {
        return stripDots(canonicalHost);
    }

    /**
     * The key of the v3 wildcards that may match the host: {@code *} plus the host from its first
     * dot ({@code a.b.c} gives {@code *.b.c}, a single label gives {@code *}), trailing dots dropped.
     */
    public static String wildcardKey(String canonicalHost) {
        int dot = canonicalHost.indexOf('.');
        return stripDots(dot < 0 ? "*" : "*" + canonicalHost.substring(dot));
    }

    private static Set<String> call(Expr.Call c, RuleSyntax syntax) {
        String name = (syntax == RuleSyntax.V2 ? RuleCompiler.V2_LANGUAGE : RuleCompiler.LANGUAGE).canonicalName(c.name());
        boolean host = name.equals("Host") || (syntax == RuleSyntax.V2 && name.equals("HostHeader"));
        if (!host || c.args().isEmpty()) {
            return null;
        }
        Set<String> out = new HashSet<>();
        for (String arg : c.args()) {
            if (syntax == RuleSyntax.V3 && arg.equals("*")) {
                return null; // v3's Host(`*`) matches every request
            }
            out.add(stripDots(arg.toLowerCase(Locale.ROOT)));
        }
        return Set.copyOf(out);
    }

    private static String stripDots(String host) {
        int end = host.length();
        while (end > 0 && host.charAt(end - 1) == '.') {
            end--;
        }
        return host.substring(0, end);
    }
}
