package io.jwtgate.expr;

/**
 * A function a language accepts, with how many string arguments it takes.
 * {@code maxArgs} of {@link #VARIADIC} means "no upper bound".
 */
public record FunctionSignature(String name, int minArgs, int maxArgs) {

    public static final int VARIADIC = Integer.MAX_VALUE;

    public static FunctionSignature exactly(String name, int args) {
        return new FunctionSignature(name, args, args);
    }

    public static FunctionSignature atLeast(String name, int args) {
        return new FunctionSignature(name, args, VARIADIC);
    }

    boolean accepts(int count) {
        return count >= minArgs && count <= maxArgs;
    }

    String arityText() {
        if (minArgs == maxArgs) {
            return minArgs + (minArgs == 1 ? " argument" : " arguments");
        }
        if (maxArgs == VARIADIC) {
            return "at least " + minArgs + " arguments";
        }
        return minArgs + " to " + maxArgs + " arguments";
    }
}
