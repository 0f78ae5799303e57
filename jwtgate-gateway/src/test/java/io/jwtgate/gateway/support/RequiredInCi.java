package io.jwtgate.gateway.support;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule for a test that needs something from outside the JVM (a program, a download): on a
 * developer's machine it is skipped when that thing cannot be had; in CI ({@code CI=true}) it
 * fails, since CI must run it ({@code .ci/run} installs what it needs).
 */
public final class RequiredInCi {

    private RequiredInCi() {}

    /** Skips the test, or fails it under {@code CI=true}; {@code what} says what is missing and how to get it. */
    public static RuntimeException missing(String what) {
        return missing(what, null, System.getenv());
    }

    /** {@link #missing(String)} with the underlying failure attached. */
    public static RuntimeException missing(String what, Throwable cause) {
        return missing(what, cause, System.getenv());
    }

    /** {@link #missing(String, Throwable)} for this environment (reads {@code CI}). */
    static RuntimeException missing(String what, Throwable cause, Map<String, String> env) {
        if ("true".equalsIgnoreCase(env.get("CI"))) {
            throw new AssertionError(what + "; CI must run this test, so it fails instead of skipping", cause);
        }
        Assumptions.abort(what + ": skipping" + (cause == null ? "" : " (" + cause + ")"));
        throw new IllegalStateException("unreachable: Assumptions.abort throws");
    }
}
