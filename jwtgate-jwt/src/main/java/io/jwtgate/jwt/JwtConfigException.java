package io.jwtgate.jwt;

/**
 * A configuration error of one JWT middleware, written for the operator: where (a key path relative to
 * the {@code plugin.jwt} block, such as {@code clientConfig.tls.ca} or {@code trustedIssuers[1].jwksUrl}),
 * what is wrong, and how to fix it. Never contains a secret value.
 */
public final class JwtConfigException extends Exception {

    private final String keyPath;
    private final String problem;
    private final String fix;

    public JwtConfigException(String keyPath, String problem, String fix) {
        this(keyPath, problem, fix, null);
    }

    public JwtConfigException(String keyPath, String problem, String fix, Throwable cause) {
        super(keyPath + ": " + problem + (fix == null || fix.isEmpty() ? "" : ". Fix: " + fix), cause);
        this.keyPath = keyPath;
        this.problem = problem;
        this.fix = fix == null ? "" : fix;
    }

    /** Option path relative to the {@code plugin.jwt} block; empty for the block itself. */
    public String keyPath() {
        return keyPath;
    }

    /** What is wrong. */
    public String problem() {
        return problem;
    }

    /** How to fix it, one sentence. */
    public String fix() {
        return fix;
    }
}
