package io.jwtgate.gateway.middleware.jwt;

import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.config.statics.JwtEngineConfig;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.MiddlewareType;
import io.jwtgate.jwt.JwtAuthenticator;
import io.jwtgate.jwt.JwtConfig;
import io.jwtgate.jwt.JwtEngine;
import io.jwtgate.jwt.JwtEnvironment;
import io.jwtgate.jwt.SecretResolver;
import io.jwtgate.jwt.TokenCacheStats;
import io.jwtgate.jwt.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code plugin.jwt}: Traefik Hub's JWT middleware, and {@code plugin.oAuthIntrospection} ({@link #introspection()}).
 * Options are validated by the library; its errors are reported with the full key path
 * ({@code http.middlewares.<name>.plugin.jwt.<option>}).
 */
public final class JwtMiddlewareType implements MiddlewareType {

    /** Largest URL-encoded body read to look for {@code tokenKey} (the body is then forwarded from memory). */
    public static final long DEFAULT_FORM_BODY_LIMIT = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(JwtMiddlewareType.class);

    /** The crypto providers and the verified-token cache, shared by every JWT middleware of one gateway (static {@code jwt}). */
    private final JwtEngine engine;

    /** Selects the crypto providers and creates the token cache, logging the choice. */
    public JwtMiddlewareType(JwtEngineConfig config) {
        this.engine = JwtEngine.create(config.crypto(), config.tokenCache(), java.time.Clock.systemUTC());
        engine.describe().forEach(LOG::info);
    }

    /** This gateway's verified-token cache counters, empty when the cache is off (for metrics). */
    public Optional<TokenCacheStats> tokenCache() {
        return engine.tokenCacheStats();
    }

    /** {@code plugin.oAuthIntrospection}: Traefik Hub's introspection middleware, built as a JWT middleware that introspects every token. */
    public MiddlewareType introspection() {
        return (config, context) -> {
            String keyPrefix = keyPrefix(config, "oAuthIntrospection");
            Map<String, Object> options;
            try {
                options = OAuthIntrospectionOptions.toJwtOptions(options(config, keyPrefix, "tokenSource"));
            } catch (ConfigException e) {
                throw e.within(config.source(), keyPrefix);
            }
            // Problems are named by the keys the user wrote (clientConfig.url), not by the JWT options they became.
            return build(config, context, options, keyPrefix, OAuthIntrospectionOptions::hubPath);
        };
    }

    @Override
    public Middleware build(MiddlewareConfig config, BuildContext context) throws ConfigException {
        String keyPrefix = keyPrefix(config, "jwt");
        return build(config, context, options(config, keyPrefix, "signingSecret"), keyPrefix, UnaryOperator.identity());
    }

    /** Kubernetes Middlewares carry their options under spec.plugin.NAME; the source names the resource. */
    private static String keyPrefix(MiddlewareConfig config, String plugin) {
        return config.name().endsWith("@kubernetescrd") ? "spec.plugin." + plugin
                : "http.middlewares." + plain(config.name()) + ".plugin." + plugin;
    }

    private static Map<String, Object> options(MiddlewareConfig config, String keyPrefix, String example) throws ConfigException {
        Object options = config.options().toPlain();
        Map<String, Object> map = new LinkedHashMap<>();
        if (options instanceof Map<?, ?> m) {
            m.forEach((k, v) -> map.put(String.valueOf(k), v));
        } else if (options != null) {
            throw new ConfigException(config.source(), keyPrefix, "expected a map of options", "write the options as a map, e.g. `" + example + ": ...`");
        }
        return map;
    }

    private Middleware build(MiddlewareConfig config, BuildContext context, Map<String, Object> map, String keyPrefix,
                             UnaryOperator<String> userPath) throws ConfigException {
        try {
            JwtConfig jwt = JwtConfig.fromMap(map);
            SecretResolver secrets = (optionPath, value) -> resolve(context, config.name(), optionPath, value);
            JwtAuthenticator authenticator = JwtAuthenticator.create(jwt,
                    new JwtEnvironment(secrets, java.time.Clock.systemUTC(), JwtEnvironment.defaults(config.name()).blockingExecutor(),
                            null, config.name()).withEngine(engine));
            authenticator.warnings().forEach(w -> context.warnings().accept(config.source() + ": " + keyPrefix + ": " + w));
            return new JwtMiddleware(config.name(), authenticator, DEFAULT_FORM_BODY_LIMIT);
        } catch (ConfigException e) {
            // The library's key paths are relative to the plugin block.
            throw new ConfigException(null, userPath.apply(e.keyPath()), e.problem(), e.fix(), e.getCause()).within(config.source(), keyPrefix);
        }
    }

    private static String resolve(BuildContext context, String middleware, String optionPath, String value) throws ConfigException {
        if (context.secrets() != null) {
            try {
                String resolved = context.secrets().resolve(middleware, value);
                if (resolved != null) {
                    return resolved;
                }
            } catch (Exception e) {
                // A provider's lookup failure (e.g. a missing Kubernetes Secret) becomes a problem of this option.
                throw new ConfigException(optionPath, e.getMessage(), "check the secret reference");
            }
        }
        return SecretResolver.defaults().resolve(optionPath, value);
    }

    private static String plain(String qualified) {
        int at = qualified.indexOf('@');
        return at < 0 ? qualified : qualified.substring(0, at);
    }
}
