package io.jwtgate.expr;

/**
 * A syntax or signature error in an expression, with the zero-based offset where it was found.
 * {@link #getMessage()} is written for an operator: it quotes the expression and marks the position.
 */
public final class ExpressionException extends Exception {

    private final String expression;
    private final int position;
    private final String problem;

    public ExpressionException(String expression, int position, String problem) {
        super(render(expression, position, problem));
        this.expression = expression;
        this.position = position;
        this.problem = problem;
    }

    public String expression() {
        return expression;
    }

    /** Zero-based character offset of the error. */
    public int position() {
        return position;
    }

    /** The problem alone, without the quoted expression. */
    public String problem() {
        return problem;
    }

    private static String render(String expression, int position, String problem) {
        String oneLine = expression.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        int caret = Math.max(0, Math.min(position, oneLine.length()));
        return problem + " at column " + (caret + 1) + "\n  " + oneLine + "\n  " + " ".repeat(caret) + "^";
    }
}
