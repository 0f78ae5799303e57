package io.jwtgate.gateway.config;

/**
 * A configuration problem, written for the operator who has to fix it: which file, which key
 * path, what is wrong and how to fix it. The message is one line per field so logs stay readable.
 */
public final class ConfigException extends Exception {

    private final String source;
    private final String keyPath;
    private final String problem;
    private final String fix;

    public ConfigException(String source, String keyPath, String problem, String fix) {
        super(render(source, keyPath, problem, fix));
        this.source = source;
        this.keyPath = keyPath;
        this.problem = problem;
        this.fix = fix;
    }

    public String source() {
        return source;
    }

    public String keyPath() {
        return keyPath;
    }

    public String problem() {
        return problem;
    }

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
