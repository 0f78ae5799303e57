package io.jwtgate.jwt.config;

/**
 * A configuration problem, written for the operator who has to fix it: which file, which key
 * path, what is wrong and how to fix it. The one configuration error type of jwtgate: the JWT
 * library raises it with a key path relative to the {@code plugin.jwt} block (no file), and the
 * gateway places it with {@link #within}. Never contains a secret value.
 */
public final class ConfigException extends Exception {

    private final String source;
    private final String keyPath;
    private final String problem;
    private final String fix;

    /** A problem at a key path whose file is not known yet (the library's options). */
    public ConfigException(String keyPath, String problem, String fix) {
        this(null, keyPath, problem, fix, null);
    }

    /** A problem in a file (or a Kubernetes resource) at a key path. */
    public ConfigException(String source, String keyPath, String problem, String fix) {
        this(source, keyPath, problem, fix, null);
    }

    public ConfigException(String source, String keyPath, String problem, String fix, Throwable cause) {
        super(render(source, keyPath, problem, fix), cause);
        this.source = source;
        this.keyPath = keyPath == null ? "" : keyPath;
        this.problem = problem;
        this.fix = fix == null ? "" : fix;
    }

    /** The same problem placed in {@code source} under {@code prefix} ({@code http.middlewares.auth.plugin.jwt}). */
    public ConfigException within(String source, String prefix) {
        String path = keyPath.isEmpty() ? prefix : prefix + "." + keyPath;
        return new ConfigException(source, path, problem, fix, getCause());
    }

    /** The file or resource, null when not known. */
    public String source() {
        return source;
    }

    /** Key path inside the source; empty for the document itself. */
    public String keyPath() {
        return keyPath;
    }

    /** What is wrong. */
    public String problem() {
        return problem;
    }

    /** How to fix it, one sentence; may be empty. */
    public String fix() {
        return fix;
    }

    private static String render(String source, String keyPath, String problem, String fix) {
        StringBuilder b = new StringBuilder();
        b.append(source == null ? "configuration" : source);
        if (keyPath != null && !keyPath.isEmpty()) {
            b.append(": ").append(keyPath);
        }
        b.append(": ").append(problem);
        if (fix != null && !fix.isEmpty()) {
            b.append(" (fix: ").append(fix).append(')');
        }
        return b.toString();
    }
}
