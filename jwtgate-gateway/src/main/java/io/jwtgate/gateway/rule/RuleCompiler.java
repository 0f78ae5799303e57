package io.jwtgate.gateway.rule;

import io.jwtgate.expr.Expr;
import io.jwtgate.expr.ExpressionException;
import io.jwtgate.expr.ExpressionParser;
import io.jwtgate.expr.FunctionSignature;
import io.jwtgate.expr.Language;
import io.jwtgate.expr.PredicateCompiler;
import io.jwtgate.gateway.http.RuleRequest;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Traefik's v3 router rule language on the shared expression grammar. Every regular expression
 * is compiled here, once; requests only run the resulting predicates.
 * Regular expressions follow Go's semantics where it matters: they are unanchored ({@code find}).
 */
public final class RuleCompiler {

    public static final Language LANGUAGE = new Language("rule", List.of(
            FunctionSignature.exactly("Host", 1),
            FunctionSignature.exactly("HostRegexp", 1),
            FunctionSignature.exactly("Path", 1),
            FunctionSignature.exactly("PathPrefix", 1),
            FunctionSignature.exactly("PathRegexp", 1),
            FunctionSignature.exactly("Method", 1),
            FunctionSignature.exactly("Header", 2),
            FunctionSignature.exactly("HeaderRegexp", 2),
            new FunctionSignature("Query", 1, 2),
            FunctionSignature.exactly("QueryRegexp", 2),
            FunctionSignature.exactly("ClientIP", 1)));

    private RuleCompiler() {}

    public static Predicate<RuleRequest> compile(String rule) throws ExpressionException {
        Expr expr = ExpressionParser.parse(rule, LANGUAGE);
        return PredicateCompiler.compile(expr, call -> matcher(rule, call));
    }

    private static Predicate<RuleRequest> matcher(String rule, Expr.Call call) throws ExpressionException {
        List<String> a = call.args();
        return switch (call.name()) {
            case "Host" -> host(a.get(0));
            case "HostRegexp" -> {
                Pattern p = regex(rule, call, a.get(0), true);
                yield r -> p.matcher(r.host()).find();
            }
            case "Path" -> {
                String path = a.get(0);
                requirePath(rule, call, path);
                yield r -> r.path().equals(path);
            }
            case "PathPrefix" -> {
                String prefix = a.get(0);
                requirePath(rule, call, prefix);
                yield r -> r.path().startsWith(prefix);
            }
            case "PathRegexp" -> {
                Pattern p = regex(rule, call, a.get(0), false);
                yield r -> p.matcher(r.path()).find();
            }
            case "Method" -> {
                String method = a.get(0).toUpperCase(Locale.ROOT);
                yield r -> r.method().equals(method);
            }
            case "Header" -> {
                String name = a.get(0);
                String value = a.get(1);
                yield r -> r.headers(name).contains(value);
            }
            case "HeaderRegexp" -> {
                String name = a.get(0);
                Pattern p = regex(rule, call, a.get(1), false);
                yield r -> r.headers(name).stream().anyMatch(v -> p.matcher(v).find());
            }
            case "Query" -> {
                String name = a.get(0);
                if (a.size() == 1) {
                    yield r -> !r.queryParams(name).isEmpty();
                }
                String value = a.get(1);
                yield r -> r.queryParams(name).contains(value);
            }
            case "QueryRegexp" -> {
                String name = a.get(0);
                Pattern p = regex(rule, call, a.get(1), false);
                yield r -> r.queryParams(name).stream().anyMatch(v -> p.matcher(v).find());
            }
            case "ClientIP" -> {
                CidrBlock block;
                try {
                    block = CidrBlock.parse(a.get(0));
                } catch (IllegalArgumentException e) {
                    throw new ExpressionException(rule, call.position(), "ClientIP: " + e.getMessage());
                }
                yield r -> r.clientAddress() != null && block.contains(r.clientAddress());
            }
            default -> throw new ExpressionException(rule, call.position(), "unsupported matcher " + call.name());
        };
    }

    /** Exact host (case-insensitive); a leading "*." matches exactly one label; "*" matches any host. */
    private static Predicate<RuleRequest> host(String pattern) {
        String p = pattern.toLowerCase(Locale.ROOT);
        if (p.endsWith(".")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("*")) {
            return r -> true;
        }
        if (p.startsWith("*.")) {
            String suffix = p.substring(1);
            return r -> {
                String h = r.host();
                return h.endsWith(suffix) && h.length() > suffix.length() && h.lastIndexOf('.', h.length() - suffix.length() - 1) < 0;
            };
        }
        String exact = p;
        return r -> r.host().equals(exact);
    }

    private static void requirePath(String rule, Expr.Call call, String path) throws ExpressionException {
        if (!path.startsWith("/")) {
            throw new ExpressionException(rule, call.position(), call.name() + " value '" + path + "' must start with '/'");
        }
    }

    private static Pattern regex(String rule, Expr.Call call, String source, boolean caseInsensitive) throws ExpressionException {
        try {
            return Pattern.compile(source, caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            throw new ExpressionException(rule, call.position(), call.name() + ": invalid regular expression: " + e.getDescription());
        }
    }
}
