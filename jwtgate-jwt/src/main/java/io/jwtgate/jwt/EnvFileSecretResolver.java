package io.jwtgate.jwt;

import io.jwtgate.jwt.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The default {@link SecretResolver}:
 * <ul>
 *   <li>{@code env:NAME}: the value of environment variable NAME (must exist and be non-empty);</li>
 *   <li>{@code file:/path}: the content of the file, UTF-8; one trailing newline ({@code \n} or {@code \r\n})
 *       is removed because editors and {@code echo} add one;</li>
 *   <li>{@code urn:k8s:secret:<name>:<key>}: an error, as only the Kubernetes provider can resolve it;</li>
 *   <li>anything else: not a reference (null), used literally.</li>
 * </ul>
 */
public final class EnvFileSecretResolver implements SecretResolver {

    private static final int MAX_FILE_BYTES = 1 << 20;
    private final UnaryOperator<String> environment;

    /** @param environment variable lookup (System::getenv in production, a map in tests) */
    public EnvFileSecretResolver(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    @Override
    public String resolve(String optionPath, String value) throws ConfigException {
        if (value == null) {
            return null;
        }
        if (value.startsWith("env:")) {
            String name = value.substring(4);
            String resolved = name.isEmpty() ? null : environment.apply(name);
            if (resolved == null || resolved.isEmpty()) {
                throw new ConfigException(optionPath, "environment variable '" + name + "' referenced by env: is not set or empty",
                        "export " + (name.isEmpty() ? "the variable" : name) + " in the gateway's environment, or put the value itself in the option");
            }
            return resolved;
        }
        if (value.startsWith("file:")) {
            Path path = Path.of(value.substring(5));
            try {
                if (Files.size(path) > MAX_FILE_BYTES) {
                    throw new ConfigException(optionPath, "file " + path + " is larger than 1 MiB", "point file: at the secret file itself");
                }
                String content = Files.readString(path, StandardCharsets.UTF_8);
                if (content.endsWith("\r\n")) {
                    return content.substring(0, content.length() - 2);
                }
                return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
            } catch (IOException e) {
                throw new ConfigException(optionPath, "cannot read file " + path + " referenced by file: (" + e.getClass().getSimpleName() + ")",
                        "check that the file exists and is readable by the gateway process");
            }
        }
        if (value.startsWith("urn:k8s:secret:")) {
            throw new ConfigException(optionPath, "Kubernetes secret reference " + value + " cannot be resolved outside Kubernetes",
                    "run with the Kubernetes provider, or use env:NAME or file:/path instead");
        }
        return null;
    }
}
