package io.jwtgate.gateway.middleware.circuitbreaker;

import io.jwtgate.gateway.middleware.GoExpressionLexer;
import io.jwtgate.gateway.middleware.GoExpressionLexer.Kind;
import io.jwtgate.gateway.middleware.GoExpressionLexer.Token;
import io.jwtgate.gateway.middleware.circuitbreaker.TripCondition.And;
import io.jwtgate.gateway.middleware.circuitbreaker.TripCondition.CountComparison;
import io.jwtgate.gateway.middleware.circuitbreaker.TripCondition.CountMetric;
import io.jwtgate.gateway.middleware.circuitbreaker.TripCondition.LatencyAtQuantileMs;
import io.jwtgate.gateway.middleware.circuitbreaker.TripCondition.NetworkErrorRatio;
import io.jwtgate.gateway.middleware.circuitbreaker.TripCondition.Operator;
import io.jwtgate.gateway.middleware.circuitbreaker.TripCondition.Or;
import io.jwtgate.gateway.middleware.circuitbreaker.TripCondition.RatioComparison;
import io.jwtgate.gateway.middleware.circuitbreaker.TripCondition.RatioMetric;
import io.jwtgate.gateway.middleware.circuitbreaker.TripCondition.RequestThreshold;
import io.jwtgate.gateway.middleware.circuitbreaker.TripCondition.ResponseCodeRatio;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a circuit-breaker {@code expression} into a {@link TripCondition}, accepting exactly what
 * Traefik (oxy's cbreaker over vulcand/predicate) accepts. Two steps, as there: the text is read as
 * a Go expression (Go's precedence: {@code ||} below {@code &&} below the comparisons, all left
 * associative, parentheses), then its shapes are checked against oxy's typed functions:
 * <ul>
 *   <li>a comparison is a metric on the left and a literal on the right;</li>
 *   <li>ratios ({@code NetworkErrorRatio()}, {@code ResponseCodeRatio(...)}) compare with a float
 *       literal ({@code 0.5}, {@code 1.0}, {@code 1e-1}; {@code 1} is refused), whole numbers
 *       ({@code LatencyAtQuantileMS(q)} in ms, {@code RequestThreshold()}) with an integer literal
 *       ({@code 100}; {@code 100.0} is refused);</li>
 *   <li>{@code LatencyAtQuantileMS} takes a float ({@code 50.0}), {@code ResponseCodeRatio} four integers;</li>
 *   <li>{@code &&} and {@code ||} join conditions; no negation, arithmetic or negative numbers.</li>
 * </ul>
 * The messages are jwtgate's (Traefik prints Go's parser and reflection errors); what is refused is the same.
 */
final class ExpressionParser {

    /** The syntax tree, before the type checks. */
    private sealed interface Node {
        int offset();
    }

    private record Binary(String op, Node left, Node right, int offset) implements Node {}

    private record Paren(Node inner, int offset) implements Node {}

    private record Call(String name, List<Node> args, int offset) implements Node {}

    private record Ident(String name, int offset) implements Node {}

    private record Literal(Kind kind, String text, int offset) implements Node {}

    /** What a node is once checked: a condition, a metric of one type, or a number. */
    private sealed interface Value {}

    private record Condition(TripCondition condition) implements Value {}

    private record Ratio(RatioMetric metric) implements Value {}

    private record Count(CountMetric metric) implements Value {}

    private record IntNumber(long value) implements Value {}

    private record FloatNumber(double value) implements Value {}

    private static final String METRICS = "NetworkErrorRatio(), ResponseCodeRatio(from, to, dividedByFrom, dividedByTo), "
            + "LatencyAtQuantileMS(quantile), RequestThreshold()";

    private final List<Token> tokens;
    private int next;

    private ExpressionParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** The condition, or an exception saying what Traefik would refuse and where. */
    static TripCondition parse(String expression) throws ExpressionException {
        ExpressionParser parser = new ExpressionParser(tokens(expression));
        Node tree = parser.expression();
        return parser.condition(tree);
    }

    private static List<Token> tokens(String expression) throws ExpressionException {
        try {
            return GoExpressionLexer.tokens(expression);
        } catch (GoExpressionLexer.SyntaxError e) {
            throw new ExpressionException(e.getMessage(), e.offset());
        }
    }

    // ---- syntax (Go's expression grammar, as far as a Traefik expression can go) -------------------

    private Node expression() throws ExpressionException {
        if (peek().kind() == Kind.EOF) {
            throw new ExpressionException("the expression is empty; write a condition such as NetworkErrorRatio() > 0.5", 0);
        }
        Node tree = binary(1);
        Token end = peek();
        if (end.kind() == Kind.LINE_END) {
            next++;
            if (peek().kind() != Kind.EOF) {
                throw new ExpressionException("a line break after an operand ends a Go expression; "
                        + "break lines after '&&' or '||' instead", end.offset());
            }
        } else if (end.kind() != Kind.EOF) {
            throw new ExpressionException("unexpected " + end.describe() + " after a complete expression", end.offset());
        }
        return tree;
    }

    private Node binary(int minPrecedence) throws ExpressionException {
        Node left = unary();
        while (true) {
            Token op = peek();
            int precedence = op.precedence(); // Go's: 5 * / % << >> & &^, 4 + - | ^, 3 comparisons, 2 &&, 1 ||
            if (precedence == 0 || precedence < minPrecedence) {
                return left;
            }
            if (precedence > 3) {
                throw new ExpressionException("operator " + op.text() + " is not supported: Traefik's expressions compare "
                        + "metrics with numbers and join the comparisons with && and ||", op.offset());
            }
            next++;
            Node right = binary(precedence + 1);
            left = new Binary(op.text(), left, right, op.offset());
        }
    }

    private Node unary() throws ExpressionException {
        Token t = peek();
        if (t.isUnaryOperator()) {
            String why = switch (t.text()) {
                case "-" -> "negative numbers are not supported (Traefik refuses '-' as an operator)";
                case "!" -> "negation with ! is not supported; write the opposite comparison (e.g. <= instead of >)";
                default -> "operator " + t.text() + " is not supported";
            };
            throw new ExpressionException(why, t.offset());
        }
        if (t.kind() == Kind.OPERATOR) {
            throw new ExpressionException("expected a metric, a number or '(' but found " + t.describe(), t.offset());
        }
        Node primary = primary();
        if (peek().kind() == Kind.LPAREN) {
            throw new ExpressionException("only a metric name can be called, as in NetworkErrorRatio()", peek().offset());
        }
        return primary;
    }

    private Node primary() throws ExpressionException {
        Token t = take();
        switch (t.kind()) {
            case LPAREN -> {
                Node inner = binary(1);
                expect(Kind.RPAREN, "')'");
                return new Paren(inner, t.offset());
            }
            case IDENT -> {
                String name = qualified(t);
                if (peek().kind() != Kind.LPAREN) {
                    return new Ident(name, t.offset());
                }
                next++;
                List<Node> args = new ArrayList<>();
                while (peek().kind() != Kind.RPAREN) {
                    args.add(binary(1));
                    if (peek().kind() != Kind.COMMA) {
                        break;
                    }
                    next++; // Go allows a trailing comma
                }
                expect(Kind.RPAREN, "',' or ')'");
                return new Call(name, args, t.offset());
            }
            case INT, FLOAT, IMAG, STRING, CHAR -> {
                return new Literal(t.kind(), t.text(), t.offset());
            }
            case LINE_END -> throw new ExpressionException("the expression ends at a line break after an operator; "
                    + "put the rest on the same line or break after '&&' or '||'", t.offset());
            default -> throw new ExpressionException("expected a metric, a number or '(' but found " + t.describe(), t.offset());
        }
    }

    /** {@code pkg.Name}, which vulcand/predicate looks up whole (and oxy's functions have no such name). */
    private String qualified(Token ident) throws ExpressionException {
        if (peek().kind() != Kind.DOT) {
            return ident.text();
        }
        next++;
        Token member = take();
        if (member.kind() != Kind.IDENT) {
            throw new ExpressionException("expected a name after '.' but found " + member.describe(), member.offset());
        }
        return ident.text() + "." + member.text();
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token t = tokens.get(next);
        if (t.kind() != Kind.EOF) {
            next++;
        }
        return t;
    }

    private void expect(Kind kind, String what) throws ExpressionException {
        Token t = peek();
        if (t.kind() != kind) {
            throw new ExpressionException("expected " + what + " but found " + t.describe(), t.offset());
        }
        next++;
    }

    // ---- types (oxy's predicate functions) ----------------------------------------------------------

    private TripCondition condition(Node tree) throws ExpressionException {
        Value v = value(tree);
        if (v instanceof Condition c) {
            return c.condition();
        }
        throw new ExpressionException("the expression must be a condition, such as NetworkErrorRatio() > 0.5, not "
                + kind(v), tree.offset());
    }

    private Value value(Node n) throws ExpressionException {
        return switch (n) {
            case Paren p -> value(p.inner());
            case Binary b when b.op().equals("&&") || b.op().equals("||") -> join(b);
            case Binary b -> compare(b);
            case Call c -> metric(c);
            case Ident i -> throw new ExpressionException(i.name() + " is not defined; the metrics are " + METRICS, i.offset());
            case Literal l -> number(l);
        };
    }

    private Value join(Binary b) throws ExpressionException {
        Value left = value(b.left());
        Value right = value(b.right());
        if (!(left instanceof Condition l)) {
            throw new ExpressionException(b.op() + " joins two conditions, but its left side is " + kind(left), b.left().offset());
        }
        if (!(right instanceof Condition r)) {
            throw new ExpressionException(b.op() + " joins two conditions, but its right side is " + kind(right), b.right().offset());
        }
        TripCondition joined = b.op().equals("&&") ? new And(l.condition(), r.condition()) : new Or(l.condition(), r.condition());
        return new Condition(joined);
    }

    private Value compare(Binary b) throws ExpressionException {
        Operator op = Operator.of(b.op());
        Value left = value(b.left());
        Value right = value(b.right());
        switch (left) {
            case Ratio ratio -> {
                if (right instanceof FloatNumber f) {
                    return new Condition(new RatioComparison(ratio.metric(), op, f.value()));
                }
                throw new ExpressionException(ratio.metric() + " is a ratio: compare it with a float literal such as 0.5 or "
                        + "1.0 (Traefik refuses " + kind(right) + ")", b.right().offset());
            }
            case Count count -> {
                if (right instanceof IntNumber i) {
                    return new Condition(new CountComparison(count.metric(), op, i.value()));
                }
                throw new ExpressionException(count.metric() + " is a whole number: compare it with an integer literal "
                        + "such as 100 (Traefik refuses " + kind(right) + ")", b.right().offset());
            }
            default -> {
                String why = right instanceof Ratio || right instanceof Count
                        ? "put the metric on the left of " + b.op() + " and the number on its right"
                        : "the left side of " + b.op() + " must be a metric such as NetworkErrorRatio(), not " + kind(left);
                throw new ExpressionException(why, b.left().offset());
            }
        }
    }

    private Value metric(Call c) throws ExpressionException {
        List<Value> args = new ArrayList<>();
        for (Node arg : c.args()) {
            if (!(arg instanceof Literal l)) {
                throw new ExpressionException("an argument of " + c.name() + " must be a number literal"
                        + (arg instanceof Paren ? " without parentheses" : ""), arg.offset());
            }
            args.add(number(l));
        }
        return switch (c.name()) {
            case "NetworkErrorRatio" -> {
                arity(c, 0, "NetworkErrorRatio()");
                yield new Ratio(new NetworkErrorRatio());
            }
            case "RequestThreshold" -> {
                arity(c, 0, "RequestThreshold()");
                yield new Count(new RequestThreshold());
            }
            case "LatencyAtQuantileMS" -> {
                arity(c, 1, "LatencyAtQuantileMS(50.0)");
                if (!(args.getFirst() instanceof FloatNumber q)) {
                    throw new ExpressionException("the quantile of LatencyAtQuantileMS is a float literal such as 50.0 "
                            + "(Traefik refuses " + kind(args.getFirst()) + ")", c.args().getFirst().offset());
                }
                yield new Count(new LatencyAtQuantileMs(q.value()));
            }
            case "ResponseCodeRatio" -> {
                arity(c, 4, "ResponseCodeRatio(500, 600, 0, 600)");
                long[] codes = new long[4];
                for (int i = 0; i < 4; i++) {
                    if (!(args.get(i) instanceof IntNumber code)) {
                        throw new ExpressionException("the arguments of ResponseCodeRatio are integer status codes such as 500 "
                                + "(Traefik refuses " + kind(args.get(i)) + ")", c.args().get(i).offset());
                    }
                    codes[i] = code.value();
                }
                yield new Ratio(new ResponseCodeRatio(codes[0], codes[1], codes[2], codes[3]));
            }
            default -> throw new ExpressionException("unsupported function: " + c.name() + "; the metrics are " + METRICS,
                    c.offset());
        };
    }

    private static void arity(Call c, int expected, String example) throws ExpressionException {
        if (c.args().size() != expected) {
            throw new ExpressionException(c.name() + " takes " + (expected == 0 ? "no" : String.valueOf(expected)) + " argument"
                    + (expected == 1 ? "" : "s") + ", as in " + example + "; found " + c.args().size(), c.offset());
        }
    }

    /** A literal as vulcand/predicate reads it: integers with strconv.Atoi (plain digits), floats with ParseFloat. */
    private static Value number(Literal l) throws ExpressionException {
        switch (l.kind()) {
            case INT -> {
                if (!l.text().chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                    throw new ExpressionException("integer " + l.text() + " is refused by Traefik, which reads integers as "
                            + "plain decimal digits; write it in decimal without '_'", l.offset());
                }
                try {
                    return new IntNumber(Long.parseLong(l.text()));
                } catch (NumberFormatException e) {
                    throw new ExpressionException("integer " + l.text() + " is out of range", l.offset());
                }
            }
            case FLOAT -> {
                double d = Double.parseDouble(l.text().replace("_", ""));
                if (Double.isInfinite(d)) {
                    throw new ExpressionException("float " + l.text() + " is out of range", l.offset());
                }
                return new FloatNumber(d);
            }
            case IMAG -> throw new ExpressionException("imaginary number " + l.text() + " is not supported", l.offset());
            default -> throw new ExpressionException("string and rune literals are not supported; the metrics take numbers",
                    l.offset());
        }
    }

    private static String kind(Value v) {
        return switch (v) {
            case Condition c -> "a condition (" + c.condition() + ")";
            case Ratio r -> "the metric " + r.metric();
            case Count c -> "the metric " + c.metric();
            case IntNumber i -> "the integer " + i.value();
            case FloatNumber f -> "the float " + f.value();
        };
    }
}
