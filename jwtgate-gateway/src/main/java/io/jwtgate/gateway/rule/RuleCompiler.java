package io.jwtgate.gateway.rule;

import com.google.re2j.Pattern;
import io.jwtgate.expr.Expr;
import io.jwtgate.expr.ExpressionException;
import io.jwtgate.expr.ExpressionParser;
import io.jwtgate.expr.FunctionSignature;
import io.jwtgate.expr.Language;
import io.jwtgate.expr.PredicateCompiler;
import io.jwtgate.gateway.http.RuleRequest;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Traefik's router rules (v3, and v2 through {@link V2Matchers}) on the shared expression grammar,
 * as Traefik v3.7's HTTP muxer reads them: matcher names in four spellings ({@code PathPrefix},
 * {@code pathprefix}, {@code PATHPREFIX}, {@code Pathprefix}), every argument non-empty, Traefik's
 * argument counts and error texts. Every regular expression is compiled here once, with RE2/J
 * ({@link GoRegexp}); requests only run the resulting predicates.
 */
public final class RuleCompiler {

    static final List<String> V3_MATCHERS = List.of("ClientIP", "Method", "Host", "HostRegexp", "Path", "PathRegexp",
            "PathPrefix", "Header", "HeaderRegexp", "Query", "QueryRegexp");

    public static final Language LANGUAGE = language("rule", V3_MATCHERS);
    static final Language V2_LANGUAGE = language("rule (v2 syntax)", V2Matchers.NAMES);
    /** Both tables, as Traefik's {@code ParseDomains} reads a rule of either syntax. */
    static final Language ANY_LANGUAGE = language("rule", union());

    private RuleCompiler() {}

    public static Predicate<RuleRequest> compile(String rule) throws ExpressionException {
        return compile(rule, RuleSyntax.V3);
    }

    /** @throws ExpressionException whose problem is Traefik's text, e.g. {@code error while parsing rule Host(``): error while checking rule Host: empty args for matcher Host, []} */
    public static Predicate<RuleRequest> compile(String rule, RuleSyntax syntax) throws ExpressionException {
        return compile(rule, parse(rule, syntax), syntax);
    }

    /** A rule's predicate and its index keys ({@link HostKeys}, {@link PathKeys}; null for none), from one parse. */
    public record Compiled(Predicate<RuleRequest> matcher, java.util.Set<String> hostKeys, java.util.Set<String> pathKeys) {}

    /** @throws ExpressionException as {@link #compile(String, RuleSyntax)} */
    public static Compiled compileIndexed(String rule, RuleSyntax syntax) throws ExpressionException {
        Expr expr = parse(rule, syntax);
        return new Compiled(compile(rule, expr, syntax), HostKeys.of(expr, syntax), PathKeys.of(expr, syntax));
    }

    private static Expr parse(String rule, RuleSyntax syntax) throws ExpressionException {
        try {
            return ExpressionParser.parse(rule, syntax == RuleSyntax.V2 ? V2_LANGUAGE : LANGUAGE);
        } catch (ExpressionException e) {
            throw new ExpressionException(rule, e.position(), "error while parsing rule " + rule + ": " + e.problem());
        }
    }

    private static Predicate<RuleRequest> compile(String rule, Expr expr, RuleSyntax syntax) throws ExpressionException {
        Language language = syntax == RuleSyntax.V2 ? V2_LANGUAGE : LANGUAGE;
        return PredicateCompiler.compile(expr, call -> {
            String name = language.canonicalName(call.name());
            List<String> args = call.args();
            try {
                checkRule(name, args);
                return syntax == RuleSyntax.V2 ? V2Matchers.matcher(name, args) : matcher(name, args);
            } catch (IllegalArgumentException e) {
                throw new ExpressionException(rule, call.position(), "error while parsing rule " + rule + ": " + e.getMessage());
            }
        });
    }

    /** Traefik's default router priority: the rule's length in bytes (Go's {@code len}, UTF-8). */
    public static int defaultPriority(String rule) {
        return rule.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Traefik's {@code rules.CheckRule}: at least one argument, none empty (before the argument count). */
    private static void checkRule(String name, List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("error while checking rule " + name + ": no args for matcher " + name);
        }
        if (args.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("error while checking rule " + name + ": empty args for matcher " + name + ", "
                    + GoRegexp.slice(args));
        }
    }

    private static Predicate<RuleRequest> matcher(String name, List<String> a) {
        expect(name, a, name.startsWith("Query") ? List.of(1, 2) : name.startsWith("Header") ? List.of(2) : List.of(1));
        try {
            return build(name, a);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("error while adding rule " + name + ": " + e.getMessage());
        }
    }

    private static Predicate<RuleRequest> build(String name, List<String> a) {
        return switch (name) {
            case "ClientIP" -> {
                IpRanges ranges;
                try {
                    ranges = IpRanges.parse(a);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("initializing IP checker for ClientIP matcher: " + e.getMessage());
                }
                yield r -> ranges.contains(r.clientAddress());
            }
            case "Method" -> {
                String method = a.get(0).toUpperCase(Locale.ROOT);
                yield r -> r.method().equals(method);
            }
            case "Host" -> host(a.get(0));
            case "HostRegexp" -> {
                requireAscii(a.get(0), "HostRegexp");
                Pattern p = regexp("HostRegexp", a.get(0));
                yield r -> p.matcher(HostForms.canonical(r.authority())).find();
            }
            case "Path" -> {
                String path = requirePath(a.get(0));
                yield r -> r.path().equals(path);
            }
            case "PathPrefix" -> {
                String prefix = requirePath(a.get(0));
                yield r -> r.path().startsWith(prefix);
            }
            case "PathRegexp" -> {
                Pattern p = regexp("PathRegexp", a.get(0));
                yield r -> p.matcher(r.path()).find();
            }
            case "Header" -> {
                String header = a.get(0);
                String value = a.get(1);
                yield r -> r.headers(header).contains(value);
            }
            case "HeaderRegexp" -> {
                String header = a.get(0);
                Pattern p = regexp("HeaderRegexp", a.get(1));
                yield r -> r.headers(header).stream().anyMatch(v -> p.matcher(v).find());
            }
            case "Query" -> query(a);
            case "QueryRegexp" -> {
                if (a.size() == 1) {
                    yield query(a);
                }
                String key = a.get(0);
                Pattern p = regexp("QueryRegexp", a.get(1));
                yield r -> r.queryParams(key).stream().anyMatch(v -> p.matcher(v).find());
            }
            default -> throw new IllegalArgumentException("unsupported matcher " + name);
        };
    }

    /** One argument: the key with an empty value ({@code ?mobile}), as in Traefik; two: the key with that value. */
    private static Predicate<RuleRequest> query(List<String> a) {
        String key = a.get(0);
        String value = a.size() == 2 ? a.get(1) : "";
        return r -> r.queryParams(key).contains(value);
    }

    /** Exact host, any case; {@code *.example.com} stands for one label; {@code *} matches every request; trailing dots ignored on either side. */
    private static Predicate<RuleRequest> host(String expression) {
        if (expression.equals("*")) {
            return r -> true;
        }
        requireAscii(expression, "Host");
        String expr = expression.toLowerCase(Locale.ROOT);
        String exprNoDot = expr.endsWith(".") ? expr.substring(0, expr.length() - 1) : null;
        return r -> {
            String host = HostForms.canonical(r.authority());
            if (host.isEmpty()) {
                return false;
            }
            if (domainMatches(host, expr) || (exprNoDot != null && domainMatches(host, exprNoDot))) {
                return true;
            }
            return host.endsWith(".") && domainMatches(host.substring(0, host.length() - 1), expr);
        };
    }

    /** Traefik's {@code muxer.DomainMatchHostExpression}: a leading {@code *} replaces the first label. */
    private static boolean domainMatches(String domain, String expr) {
        if (expr.startsWith("*")) {
            int dot = domain.indexOf('.');
            return expr.equalsIgnoreCase(dot < 0 ? "*" : "*" + domain.substring(dot));
        }
        return domain.equalsIgnoreCase(expr);
    }

    static void requireAscii(String value, String matcher) {
        if (!value.chars().allMatch(c -> c < 0x80)) {
            throw new IllegalArgumentException("invalid value " + GoRegexp.quote(value) + " for " + matcher
                    + " matcher, non-ASCII characters are not allowed");
        }
    }

    private static String requirePath(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path " + GoRegexp.quote(path) + " does not start with a '/'");
        }
        return path;
    }

    private static Pattern regexp(String matcher, String source) {
        try {
            return GoRegexp.compile(source);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("compiling " + matcher + " matcher: " + e.getMessage());
        }
    }

    /** Traefik's {@code expectNParameters}. */
    private static void expect(String name, List<String> args, List<Integer> counts) {
        if (!counts.contains(args.size())) {
            throw new IllegalArgumentException("error while adding rule " + name + ": unexpected number of parameters; got "
                    + args.size() + ", expected one of " + GoRegexp.slice(counts.stream().map(String::valueOf).toList()));
        }
    }

    /** A table where every name is also accepted in lower case, upper case and title case, as Traefik's parser registers them. */
    private static Language language(String name, Collection<String> matchers) {
        Map<String, String> aliases = new HashMap<>();
        for (String m : matchers) {
            String lower = m.toLowerCase(Locale.ROOT);
            for (String alias : List.of(lower, m.toUpperCase(Locale.ROOT), Character.toUpperCase(lower.charAt(0)) + lower.substring(1))) {
                if (!alias.equals(m)) {
                    aliases.put(alias, m);
                }
            }
        }
        return new Language(name, matchers.stream().map(m -> new FunctionSignature(m, 0, FunctionSignature.VARIADIC)).toList(), aliases);
    }

    private static List<String> union() {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(V3_MATCHERS);
        all.addAll(V2Matchers.NAMES);
        return List.copyOf(all);
    }
}
