package io.jwtgate.gateway.middleware;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.SecretResolver;
import io.jwtgate.jwt.config.ConfigException;

/**
 * An option that may hold a secret reference instead of the secret: {@code urn:k8s:secret:<name>:<key>}
 * (resolved by the provider the middleware comes from), {@code env:NAME} or {@code file:/path}.
 * Anything else is the value itself. Error messages name the option, never the value.
 */
public final class SecretOption {

    private SecretOption() {}

    /** The secret behind {@code n}; empty when the option is absent or empty. */
    public static String resolve(ConfigNode n, String middleware, BuildContext ctx) throws ConfigException {
        String value = n.string("");
        if (value.isEmpty()) {
            return "";
        }
        if (ctx.secrets() != null) {
            String resolved;
            try {
                resolved = ctx.secrets().resolve(middleware, value);
            } catch (Exception e) {
                // A provider's lookup failure (e.g. a missing Kubernetes Secret) becomes a problem of this option.
                throw n.error(e.getMessage(), "check the secret reference");
            }
            if (resolved != null) {
                return resolved;
            }
        }
        try {
            String resolved = SecretResolver.defaults().resolve(n.path(), value);
            return resolved == null ? value : resolved;
        } catch (ConfigException e) {
            throw n.error(e.problem(), e.fix());
        }
    }
}
