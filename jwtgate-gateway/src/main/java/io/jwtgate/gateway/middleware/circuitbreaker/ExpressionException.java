package io.jwtgate.gateway.middleware.circuitbreaker;

/** A circuit-breaker expression Traefik would refuse, with where in the expression the problem is. */
final class ExpressionException extends Exception {

    private final int offset;

    ExpressionException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** Index in the expression (0-based) of the offending token. */
    int offset() {
        return offset;
    }

    /** The message with Go's {@code line:column} prefix, as Traefik's errors print positions. */
    String describe(String expression) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(offset, expression.length()); i++) {
            if (expression.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return line + ":" + column + ": " + getMessage();
    }
}
