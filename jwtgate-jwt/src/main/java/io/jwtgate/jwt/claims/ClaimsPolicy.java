package io.jwtgate.jwt.claims;

import io.jwtgate.expr.Expr;
import io.jwtgate.expr.ExpressionException;
import io.jwtgate.expr.ExpressionParser;
import io.jwtgate.expr.FunctionSignature;
import io.jwtgate.expr.Language;
import io.jwtgate.expr.PredicateCompiler;
import io.jwtgate.jwt.json.JsonValue;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@code claims} authorization expression (section 7), compiled once at configuration time into a
 * predicate over the verified claim set. Function semantics follow section 7.2 and decision 3;
 * a missing claim makes every function false.
 */
public final class ClaimsPolicy {

    /** The claims language: the five Traefik functions, case-sensitive. */
    public static final Language LANGUAGE = new Language("claims", List.of(
            FunctionSignature.exactly("Equals", 2),
            FunctionSignature.exactly("Prefix", 2),
            FunctionSignature.exactly("Contains", 2),
            FunctionSignature.exactly("SplitContains", 3),
            FunctionSignature.atLeast("OneOf", 2)));

    private final String source;
    private final Expr expr;
    private final Predicate<JsonValue.JsonObject> predicate;

    private ClaimsPolicy(String source, Expr expr, Predicate<JsonValue.JsonObject> predicate) {
        this.source = source;
        this.expr = expr;
        this.predicate = predicate;
    }

    /** @throws ExpressionException with the position of the problem */
    public static ClaimsPolicy compile(String source) throws ExpressionException {
        Expr expr = ExpressionParser.parse(source, LANGUAGE);
        return new ClaimsPolicy(source, expr, PredicateCompiler.compile(expr, call -> compileCall(source, call)));
    }

    public boolean test(JsonValue.JsonObject claims) {
        return predicate.test(claims);
    }

    public String source() {
        return source;
    }

    /**
     * The {@code iss} values the expression requires, or null when it does not pin {@code iss}:
     * a pinning {@code Equals}/{@code OneOf} on {@code iss} that every true evaluation must pass.
     */
    public Set<String> pinnedIssuers() {
        return pinned(expr);
    }

    private static Set<String> pinned(Expr expr) {
        return switch (expr) {
            case Expr.Call call when call.args().get(0).equals("iss")
                    && (call.name().equals("Equals") || call.name().equals("OneOf")) ->
                    Set.copyOf(call.args().subList(1, call.args().size()));
            case Expr.Call ignored -> null;
            case Expr.Not ignored -> null;
            case Expr.And and -> {
                Set<String> left = pinned(and.left());
                Set<String> right = pinned(and.right());
                if (left == null) {
                    yield right;
                }
                if (right == null) {
                    yield left;
                }
                Set<String> both = new HashSet<>(left);
                both.retainAll(right);
                yield Set.copyOf(both);
            }
            case Expr.Or or -> {
                Set<String> left = pinned(or.left());
                Set<String> right = pinned(or.right());
                if (left == null || right == null) {
                    yield null;
                }
                Set<String> either = new HashSet<>(left);
                either.addAll(right);
                yield Set.copyOf(either);
            }
        };
    }

    private static Predicate<JsonValue.JsonObject> compileCall(String source, Expr.Call call) throws ExpressionException {
        List<String> args = call.args();
        ClaimPath path = ClaimPath.parse(args.get(0));
        if (path.segments().isEmpty()) {
            throw new ExpressionException(source, call.position(), call.name() + ": the claim name (first argument) is empty");
        }
        return switch (call.name()) {
            case "Equals" -> {
                String expected = args.get(1);
                yield claims -> expected.equals(ClaimText.scalar(path.lookup(claims)));
            }
            case "Prefix" -> {
                String prefix = args.get(1);
                yield claims -> path.lookup(claims) instanceof JsonValue.JsonString s && s.value().startsWith(prefix);
            }
            case "Contains" -> {
                String needle = args.get(1);
                yield claims -> switch (path.lookup(claims)) {
                    case JsonValue.JsonString s -> s.value().contains(needle);
                    case JsonValue.JsonArray a -> a.elements().stream().anyMatch(e -> needle.equals(ClaimText.scalar(e)));
                    case null, default -> false;
                };
            }
            case "SplitContains" -> {
                String separator = args.get(1);
                String expected = args.get(2);
                if (separator.isEmpty()) {
                    throw new ExpressionException(source, call.position(), "SplitContains: the separator (second argument) is empty");
                }
                yield claims -> path.lookup(claims) instanceof JsonValue.JsonString s && splitContains(s.value(), separator, expected);
            }
            case "OneOf" -> {
                Set<String> values = Set.copyOf(args.subList(1, args.size()));
                yield claims -> switch (path.lookup(claims)) {
                    case JsonValue.JsonArray a -> a.elements().stream().map(ClaimText::stringOrNumber).anyMatch(v -> v != null && values.contains(v));
                    case null -> false;
                    case JsonValue other -> {
                        String text = ClaimText.stringOrNumber(other);
                        yield text != null && values.contains(text);
                    }
                };
            }
            default -> throw new ExpressionException(source, call.position(), "unknown function " + call.name());
        };
    }

    private static boolean splitContains(String value, String separator, String expected) {
        int start = 0;
        while (true) {
            int end = value.indexOf(separator, start);
            String part = (end < 0 ? value.substring(start) : value.substring(start, end)).strip();
            if (part.equals(expected)) {
                return true;
            }
            if (end < 0) {
                return false;
            }
            start = end + separator.length();
        }
    }
}
