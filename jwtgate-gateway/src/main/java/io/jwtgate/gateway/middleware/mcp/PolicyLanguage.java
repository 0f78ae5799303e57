package io.jwtgate.gateway.middleware.mcp;

import io.jwtgate.expr.Expr;
import io.jwtgate.expr.ExpressionException;
import io.jwtgate.expr.ExpressionParser;
import io.jwtgate.expr.FunctionSignature;
import io.jwtgate.expr.Language;
import io.jwtgate.expr.PredicateCompiler;
import io.jwtgate.gateway.middleware.mcp.CallView.ValuePath;
import io.jwtgate.jwt.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The language of {@code policies[].match}: the claims language (same grammar, same five functions
 * with the same type rules) over the values of a call ({@code mcp.method}, {@code mcp.params.*},
 * {@code jwt.*}), plus the numeric comparisons {@code Lt}, {@code Lte}, {@code Gt}, {@code Gte}, and
 * {@code ${path}} in every argument after the first, replaced by that value's text when the call is
 * evaluated (a missing or non-scalar value makes the function false). Compiled once per configuration.
 */
final class PolicyLanguage {

    static final Language LANGUAGE = new Language("policy", List.of(
            FunctionSignature.exactly("Equals", 2),
            FunctionSignature.exactly("Prefix", 2),
            FunctionSignature.exactly("Contains", 2),
            FunctionSignature.exactly("SplitContains", 3),
            FunctionSignature.atLeast("OneOf", 2),
            FunctionSignature.exactly("Lt", 2),
            FunctionSignature.exactly("Lte", 2),
            FunctionSignature.exactly("Gt", 2),
            FunctionSignature.exactly("Gte", 2)));

    /** A JSON number (RFC 8259 section 6): what numeric comparisons accept in a string. */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private PolicyLanguage() {}

    static Predicate<CallView> compile(String source) throws ExpressionException {
        Expr expr = ExpressionParser.parse(source, LANGUAGE);
        return PredicateCompiler.compile(expr, call -> compileCall(source, call));
    }

    private static Predicate<CallView> compileCall(String source, Expr.Call call) throws ExpressionException {
        ValuePath path = ValuePath.parse(call.args().get(0));
        if (path == null) {
            throw new ExpressionException(source, call.position(), call.name() + ": '" + call.args().get(0)
                    + "' is not a value of a call: write mcp.method, mcp.params.<key> (mcp.params.name, mcp.params.uri, mcp.params.arguments.<key>) or jwt.<claim>");
        }
        List<Template> args = new ArrayList<>();
        for (String arg : call.args().subList(1, call.args().size())) {
            args.add(Template.parse(source, call.position(), arg));
        }
        Template first = args.get(0);
        return switch (call.name()) {
            case "Equals" -> view -> test(first, view, v -> v.equals(scalar(view.lookup(path))));
            case "Prefix" -> view -> test(first, view, v -> view.lookup(path) instanceof String s && s.startsWith(v));
            case "Contains" -> view -> test(first, view, v -> contains(view.lookup(path), v));
            case "SplitContains" -> {
                if (first.isConstant() && first.constant().isEmpty()) {
                    throw new ExpressionException(source, call.position(), "SplitContains: the separator (second argument) is empty");
                }
                Template expected = args.get(1);
                yield view -> {
                    String separator = first.render(view);
                    String value = expected.render(view);
                    return separator != null && !separator.isEmpty() && value != null
                            && view.lookup(path) instanceof String s && splitContains(s, separator, value);
                };
            }
            case "OneOf" -> view -> {
                Set<String> values = new HashSet<>();
                for (Template t : args) {
                    String v = t.render(view);
                    if (v != null) {
                        values.add(v);
                    }
                }
                return oneOf(view.lookup(path), values);
            };
            case "Lt", "Lte", "Gt", "Gte" -> {
                if (first.isConstant() && number(first.constant()) == null) {
                    throw new ExpressionException(source, call.position(), call.name() + ": '" + first.constant()
                            + "' is not a number (write it like `100` or `2.5`)");
                }
                String op = call.name();
                yield view -> {
                    BigDecimal actual = number(view.lookup(path));
                    BigDecimal bound = number(first.render(view));
                    if (actual == null || bound == null) {
                        return false;
                    }
                    int c = actual.compareTo(bound);
                    return switch (op) {
                        case "Lt" -> c < 0;
                        case "Lte" -> c <= 0;
                        case "Gt" -> c > 0;
                        default -> c >= 0;
                    };
                };
            }
            default -> throw new ExpressionException(source, call.position(), "unknown function " + call.name());
        };
    }

    private static boolean test(Template template, CallView view, Predicate<String> check) {
        String value = template.render(view);
        return value != null && check.test(value);
    }

    /** Strings as is, numbers by their literal text, booleans as {@code true}/{@code false}; null for anything else. */
    static String scalar(Object value) {
        return switch (value) {
            case String s -> s;
            case JsonValue.JsonNumber n -> n.literal();
            case Boolean b -> b ? "true" : "false";
            case Number n -> n.toString();
            case null, default -> null;
        };
    }

    /** Strings and numbers only: what {@code OneOf} compares (booleans never match, as in the claims language). */
    private static String stringOrNumber(Object value) {
        return value instanceof Boolean ? null : scalar(value);
    }

    private static boolean contains(Object value, String needle) {
        return switch (value) {
            case String s -> s.contains(needle);
            case List<?> list -> list.stream().anyMatch(e -> needle.equals(scalar(e)));
            case null, default -> false;
        };
    }

    private static boolean oneOf(Object value, Set<String> values) {
        if (value instanceof List<?> list) {
            return list.stream().map(PolicyLanguage::stringOrNumber).anyMatch(v -> v != null && values.contains(v));
        }
        String text = stringOrNumber(value);
        return text != null && values.contains(text);
    }

    private static boolean splitContains(String value, String separator, String expected) {
        for (String part : value.split(Pattern.quote(separator), -1)) {
            if (part.strip().equals(expected)) {
                return true;
            }
        }
        return false;
    }

    /** A JSON number, or a string holding one; null otherwise (and for exponents beyond BigDecimal's range). */
    static BigDecimal number(Object value) {
        String text = switch (value) {
            case JsonValue.JsonNumber n -> n.literal();
            case Number n -> n.toString();
            case String s when NUMBER.matcher(s).matches() -> s;
            case null, default -> null;
        };
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** An argument: literal text with {@code ${path}} references, rendered per call. */
    record Template(List<Object> parts) {

        Template {
            parts = List.copyOf(parts);
        }

        static Template parse(String source, int position, String text) throws ExpressionException {
            List<Object> parts = new ArrayList<>();
            int at = 0;
            while (true) {
                int open = text.indexOf("${", at);
                if (open < 0) {
                    break;
                }
                int close = text.indexOf('}', open + 2);
                if (close < 0) {
                    throw new ExpressionException(source, position, "'${' without a closing '}' in `" + text + "`");
                }
                ValuePath ref = ValuePath.parse(text.substring(open + 2, close).strip());
                if (ref == null) {
                    throw new ExpressionException(source, position, "'" + text.substring(open, close + 1)
                            + "' does not name a value of a call: write ${mcp.params.name}, ${mcp.method} or ${jwt.<claim>}");
                }
                if (open > at) {
                    parts.add(text.substring(at, open));
                }
                parts.add(ref);
                at = close + 1;
            }
            if (at < text.length() || parts.isEmpty()) {
                parts.add(text.substring(at));
            }
            return new Template(parts);
        }

        boolean isConstant() {
            return parts.size() == 1 && parts.get(0) instanceof String;
        }

        String constant() {
            return (String) parts.get(0);
        }

        /** The text for this call; null when a reference is missing or not a scalar. */
        String render(CallView view) {
            if (isConstant()) {
                return constant();
            }
            StringBuilder out = new StringBuilder();
            for (Object part : parts) {
                if (part instanceof ValuePath ref) {
                    String value = scalar(view.lookup(ref));
                    if (value == null) {
                        return null;
                    }
                    out.append(value);
                } else {
                    out.append((String) part);
                }
            }
            return out.toString();
        }
    }
}
