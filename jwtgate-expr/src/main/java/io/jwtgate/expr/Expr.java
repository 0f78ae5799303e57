package io.jwtgate.expr;

import java.util.List;

/**
 * The syntax tree shared by router rules and claims policies.
 * Each node remembers the character offset where it starts, so that later checks
 * (an invalid regular expression, an unknown claim path) can point at the right place.
 */
public sealed interface Expr {

    /** Zero-based offset of the first character of this node in the source text. */
    int position();

    /** {@code left && right}. */
    record And(Expr left, Expr right, int position) implements Expr {}

    /** {@code left || right}. */
    record Or(Expr left, Expr right, int position) implements Expr {}

    /** {@code !operand}. */
    record Not(Expr operand, int position) implements Expr {}

    /** {@code Name(`a`, "b", ...)}: a function call whose arguments are all strings. */
    record Call(String name, List<String> args, int position) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }
}
