package io.jwtgate.gateway.middleware.buffering;

import io.jwtgate.gateway.middleware.GoExpressionLexer;
import io.jwtgate.gateway.middleware.GoExpressionLexer.Kind;
import io.jwtgate.gateway.middleware.GoExpressionLexer.Token;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The {@code retryExpression} of the {@code buffering} middleware, in the language of oxy's buffer
 * package (Go expression syntax read by vulcand/predicate): the functions {@code IsNetworkError()}
 * (the attempt's status is 502 or 504), {@code Attempts()} (attempts so far, the first counts),
 * {@code ResponseCode()} and {@code RequestMethod()}; comparisons of a function with a literal
 * ({@code Attempts() <= 2}, {@code RequestMethod() == "GET"}) and {@code &&}, {@code ||},
 * parentheses. What oxy refuses is refused here too: {@code !}, a literal on the left
 * ({@code 2 >= Attempts()}), a float, two functions compared, any other operator.
 */
final class RetryExpression {

    /** What an expression is evaluated against: the client's method, the attempt number, the attempt's status (0: none). */
    record Attempt(String method, int attempts, int responseCode) {}

    /** An expression that cannot be used, with the offset where the problem is. */
    static final class Invalid extends Exception {
        private final int offset;

        Invalid(String message, int offset) {
            super(message);
            this.offset = offset;
        }

        int offset() {
            return offset;
        }
    }

    private sealed interface Value {}

    private record Condition(Predicate<Attempt> test) implements Value {}

    private record IntOf(String name, ToIntFunction<Attempt> value) implements Value {}

    private record TextOf(String name, Function<Attempt, String> value) implements Value {}

    private record IntLiteral(long value) implements Value {}

    private record FloatLiteral(String text) implements Value {}

    private record TextLiteral(String value) implements Value {}

    private static final Map<String, Value> FUNCTIONS = Map.of(
            "IsNetworkError", new Condition(a -> a.responseCode() == 502 || a.responseCode() == 504),
            "Attempts", new IntOf("Attempts()", Attempt::attempts),
            "ResponseCode", new IntOf("ResponseCode()", Attempt::responseCode),
            "RequestMethod", new TextOf("RequestMethod()", Attempt::method));

    private static final String FUNCTION_LIST = "IsNetworkError(), Attempts(), ResponseCode() or RequestMethod()";

    private final String text;
    private final Predicate<Attempt> test;
    private final List<Token> tokens;
    private int pos;

    private RetryExpression(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = tokens;
        this.test = null;
    }

    private RetryExpression(String text, Predicate<Attempt> test) {
        this.text = text;
        this.tokens = List.of();
        this.test = test;
    }

    /** Parses {@code text}; an expression that is not a condition oxy would accept is {@link Invalid}. */
    static RetryExpression parse(String text) throws Invalid {
        RetryExpression parser = new RetryExpression(text, tokens(text));
        Token first = parser.peek();
        Value value = parser.expression(1);
        if (parser.peek().kind() == Kind.LINE_END) {
            parser.pos++;
        }
        Token rest = parser.peek();
        if (rest.kind() != Kind.EOF) {
            throw new Invalid("expected the end of the expression, found " + rest.describe(), rest.offset());
        }
        if (!(value instanceof Condition condition)) {
            throw new Invalid("is not a condition (" + describe(value) + "); combine conditions such as "
                    + "IsNetworkError() && Attempts() <= 2", first.offset());
        }
        return new RetryExpression(text, condition.test());
    }

    String text() {
        return text;
    }

    private static List<Token> tokens(String text) throws Invalid {
        try {
            return GoExpressionLexer.tokens(text);
        } catch (GoExpressionLexer.SyntaxError e) {
            throw new Invalid(e.getMessage(), e.offset());
        }
    }

    /** True when the request should be sent again after this attempt. */
    boolean test(Attempt attempt) {
        return test.test(attempt);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private Value expression(int minPrecedence) throws Invalid {
        Value left = unary();
        while (peek().precedence() >= minPrecedence) {
            Token op = next();
            Value right = expression(op.precedence() + 1);
            left = binary(op, left, right);
        }
        return left;
    }

    private Value unary() throws Invalid {
        Token t = peek();
        if (t.isUnaryOperator()) {
            next();
            unary();
            throw new Invalid(t.text().equals("!")
                    ? "'!' (not) is not supported by Traefik's retry expressions; write the opposite comparison, e.g. ResponseCode() != 502"
                    : "operator '" + t.text() + "' is not supported" + (t.text().equals("-") ? " (no negative numbers)" : ""), t.offset());
        }
        return primary();
    }

    private Value primary() throws Invalid {
        Token t = next();
        switch (t.kind()) {
            case INT -> {
                return new IntLiteral(integer(t));
            }
            case FLOAT -> {
                return new FloatLiteral(t.text());
            }
            case STRING -> {
                return new TextLiteral(GoStrings.unquote(t));
            }
            case IMAG, CHAR -> throw new Invalid("unsupported literal " + t.describe() + ": use whole numbers or \"strings\"", t.offset());
            case LPAREN -> {
                Value inner = expression(1);
                expect(Kind.RPAREN, "')'");
                return inner;
            }
            case IDENT -> {
                return call(t);
            }
            default -> throw new Invalid("expected a function such as Attempts(), found " + t.describe(), t.offset());
        }
    }

    /** {@code Name()} or {@code a.Name()}: only the functions without arguments exist. */
    private Value call(Token ident) throws Invalid {
        String name = ident.text();
        while (peek().kind() == Kind.DOT) {
            next();
            Token member = next();
            if (member.kind() != Kind.IDENT) {
                throw new Invalid("expected a name after '.', found " + member.describe(), member.offset());
            }
            name = name + "." + member.text();
        }
        if (peek().kind() != Kind.LPAREN) {
            throw new Invalid(name + " is not defined; the functions are " + FUNCTION_LIST + ", written with ()", ident.offset());
        }
        next();
        if (peek().kind() != Kind.RPAREN) {
            throw new Invalid(name + "() takes no arguments", peek().offset());
        }
        next();
        Value f = FUNCTIONS.get(name);
        if (f == null) {
            throw new Invalid("unsupported function: " + name + "; the functions are " + FUNCTION_LIST, ident.offset());
        }
        if (peek().kind() == Kind.LPAREN || peek().kind() == Kind.LBRACKET || peek().kind() == Kind.DOT) {
            throw new Invalid("unexpected " + peek().describe() + " after " + name + "()", peek().offset());
        }
        return f;
    }

    private Value binary(Token op, Value left, Value right) throws Invalid {
        switch (op.text()) {
            case "&&", "||" -> {
                if (!(left instanceof Condition l) || !(right instanceof Condition r)) {
                    throw new Invalid(op.text() + " joins two conditions, found " + describe(left) + " and " + describe(right), op.offset());
                }
                return new Condition(op.text().equals("&&") ? l.test().and(r.test()) : l.test().or(r.test()));
            }
            case "==", "!=" -> {
                Predicate<Attempt> eq = equality(op, left, right);
                return new Condition(op.text().equals("==") ? eq : eq.negate());
            }
            case "<", "<=", ">", ">=" -> {
                if (!(left instanceof IntOf f)) {
                    throw new Invalid(op.text() + " compares Attempts() or ResponseCode() (on the left) with a whole number, found "
                            + describe(left) + " on the left", op.offset());
                }
                long limit = intOperand(op, right);
                ToIntFunction<Attempt> v = f.value();
                return new Condition(switch (op.text()) {
                    case "<" -> a -> v.applyAsInt(a) < limit;
                    case "<=" -> a -> v.applyAsInt(a) <= limit;
                    case ">" -> a -> v.applyAsInt(a) > limit;
                    default -> a -> v.applyAsInt(a) >= limit;
                });
            }
            default -> throw new Invalid("operator '" + op.text() + "' is not supported; use &&, ||, ==, !=, <, <=, > or >=", op.offset());
        }
    }

    private static Predicate<Attempt> equality(Token op, Value left, Value right) throws Invalid {
        if (left instanceof IntOf f) {
            long expected = intOperand(op, right);
            return a -> f.value().applyAsInt(a) == expected;
        }
        if (left instanceof TextOf f) {
            if (!(right instanceof TextLiteral s)) {
                throw new Invalid(f.name() + " " + op.text() + " needs a \"string\" on the right, found " + describe(right), op.offset());
            }
            return a -> s.value().equals(f.value().apply(a));
        }
        throw new Invalid(op.text() + " compares a function (on the left) with a literal, found " + describe(left) + " on the left",
                op.offset());
    }

    private static long intOperand(Token op, Value right) throws Invalid {
        if (!(right instanceof IntLiteral n)) {
            throw new Invalid(op.text() + " needs a whole number on the right, found " + describe(right), op.offset());
        }
        return n.value();
    }

    private void expect(Kind kind, String what) throws Invalid {
        Token t = next();
        if (t.kind() != kind) {
            throw new Invalid("expected " + what + ", found " + t.describe(), t.offset());
        }
    }

    /**
     * A Go integer literal as oxy reads it ({@code strconv.Atoi}): decimal digits only; a leading
     * zero is Go's legacy octal form (the lexer checks its digits), which Atoi reads as decimal.
     */
    private static long integer(Token t) throws Invalid {
        String s = t.text();
        if (!s.chars().allMatch(Character::isDigit) || s.chars().anyMatch(c -> c > '9')) {
            throw new Invalid("number " + t.describe() + " is not a plain decimal number (oxy reads numbers with strconv.Atoi)", t.offset());
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new Invalid("number " + t.describe() + " is out of range", t.offset());
        }
    }

    private static String describe(Value v) {
        return switch (v) {
            case Condition c -> "a condition";
            case IntOf f -> f.name();
            case TextOf f -> f.name();
            case IntLiteral n -> "the number " + n.value();
            case FloatLiteral f -> "the number " + f.text() + " (not a whole number)";
            case TextLiteral s -> "the string \"" + s.value() + "\"";
        };
    }
}
