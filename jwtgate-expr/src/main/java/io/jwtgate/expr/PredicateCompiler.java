package io.jwtgate.expr;

import java.util.function.Predicate;

/**
 * Turns a syntax tree into a {@link Predicate} once, at configuration time, so that requests
 * only run pre-built closures (short-circuit {@code &&}/{@code ||}, no tree walking, no parsing).
 * Each language supplies how one call becomes a predicate; this class owns the boolean glue.
 */
public final class PredicateCompiler {

    /** Compiles one function call; may throw to report, for example, an invalid regular expression. */
    @FunctionalInterface
    public interface CallCompiler<T> {
        Predicate<T> compile(Expr.Call call) throws ExpressionException;
    }

    private PredicateCompiler() {}

    public static <T> Predicate<T> compile(Expr expr, CallCompiler<T> calls) throws ExpressionException {
        return switch (expr) {
            case Expr.And and -> {
                Predicate<T> left = compile(and.left(), calls);
                Predicate<T> right = compile(and.right(), calls);
                yield value -> left.test(value) && right.test(value);
            }
            case Expr.Or or -> {
                Predicate<T> left = compile(or.left(), calls);
                Predicate<T> right = compile(or.right(), calls);
                yield value -> left.test(value) || right.test(value);
            }
            case Expr.Not not -> {
                Predicate<T> operand = compile(not.operand(), calls);
                yield value -> !operand.test(value);
            }
            case Expr.Call call -> calls.compile(call);
        };
    }
}
