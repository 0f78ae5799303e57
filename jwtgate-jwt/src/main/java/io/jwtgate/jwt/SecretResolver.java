package io.jwtgate.jwt;

import io.jwtgate.jwt.config.ConfigException;

/**
 * Resolves secret references in the options {@code signingSecret}, {@code publicKey}, {@code jwksFile}
 * and {@code clientConfig.tls.*} (decision 17), so that secrets need not sit in configuration files.
 * The gateway passes a resolver that knows {@code urn:k8s:secret:<name>:<key>} when it runs in Kubernetes;
 * {@link #defaults()} handles {@code env:NAME} and {@code file:/path}.
 */
@FunctionalInterface
public interface SecretResolver {

    /**
     * @param optionPath where the value comes from, for error messages (e.g. {@code signingSecret})
     * @param value      the configured value
     * @return the resolved secret, or null when {@code value} is not a reference (it is then used literally)
     * @throws ConfigException when {@code value} is a reference that cannot be resolved
     */
    String resolve(String optionPath, String value) throws ConfigException;

    /** {@code env:NAME} and {@code file:/path} references from the process environment and file system. */
    static SecretResolver defaults() {
        return new EnvFileSecretResolver(System::getenv);
    }
}
