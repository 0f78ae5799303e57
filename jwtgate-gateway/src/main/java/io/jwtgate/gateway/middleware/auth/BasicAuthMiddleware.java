package io.jwtgate.gateway.middleware.auth;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.jwt.config.ConfigException;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traefik's {@code basicAuth}: htpasswd users inline ({@code users}) and from {@code usersFile}
 * (inline entries win for the same user, as in Traefik's code), or from a Kubernetes Secret
 * ({@code secret}, see {@link AuthUsers}); a request without valid
 * credentials gets 401 with {@code WWW-Authenticate: Basic realm="traefik"} (or {@code realm}) and
 * Traefik's body. Hashes are checked on a worker thread (bcrypt is slow by design); an unknown user
 * costs the same hash as a known one, so timing does not tell which users exist.
 */
public final class BasicAuthMiddleware implements Middleware {

    private static final Logger LOG = LoggerFactory.getLogger(BasicAuthMiddleware.class);

    public static final RegisteredType TYPE = new RegisteredType("basicAuth", "configuration.md#basicauth",
            (config, ctx) -> new BasicAuthMiddleware(config.name(), Options.parse(config.options(), config.name(), ctx), ctx.vertx()));

    /**
     * @param users        user name to htpasswd hash, from {@code usersFile} then {@code users}, or from {@code secret}
     * @param realm        {@code realm}: default {@code traefik}
     * @param headerField  {@code headerField}: a header that carries the authenticated user to the backend, or empty
     * @param removeHeader {@code removeHeader}: remove {@code Authorization} before forwarding
     */
    public record Options(Map<String, String> users, String realm, String headerField, boolean removeHeader) {
        public Options {
            users = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(users));
        }

        static Options parse(ConfigNode o, String middleware, BuildContext ctx) throws ConfigException {
            Consumer<String> warnings = ctx.warnings();
            o.warnUnknownKeys(Set.of("users", "usersFile", "realm", "headerField", "removeHeader", "secret"), warnings);
            List<String> lines = AuthUsers.lines(o, middleware, ctx, true, "htpasswd -nB alice");
            Map<String, String> users = new LinkedHashMap<>();
            for (String line : lines) {
                String[] parts = line.split(":", -1);
                if (parts.length != 2) {
                    throw o.error("cannot read a user entry (expected user:hash, one colon)", "write entries as produced by `htpasswd -nB alice`");
                }
                if (HtpasswdHash.format(parts[1]) == null) {
                    warnings.accept(o.source() + ": " + o.path() + ": user '" + parts[0] + "' has a password that is not a bcrypt,"
                            + " SHA1 or MD5 (apr1) hash: this user can never log in (Traefik accepts no plain-text password);"
                            + " create it with `htpasswd -nB " + parts[0] + "`");
                }
                users.put(parts[0], parts[1]);
            }
            if (users.isEmpty()) {
                throw o.error("has no users", "list htpasswd lines under `users:` or point `usersFile` at an htpasswd file");
            }
            String realm = o.get("realm").string("");
            return new Options(users, realm.isEmpty() ? "traefik" : realm, // Traefik: an empty realm is the default one
                    o.get("headerField").string(""), o.get("removeHeader").bool(false));
        }
    }

    private final String name;
    private final Options options;
    private final Vertx vertx;
    /** Hashed when the user is unknown, so that the answer takes as long as for a known user. */
    private final String decoy;

    public BasicAuthMiddleware(String name, Options options, Vertx vertx) {
        this.name = name;
        this.options = options;
        this.vertx = vertx;
        this.decoy = options.users().values().iterator().next();
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        String[] credentials = credentials(exchange.upstream().headers().get("Authorization"));
        if (credentials == null) {
            refuse(exchange);
            return;
        }
        String user = credentials[0];
        exchange.facts().username(user);
        String hash = options.users().get(user);
        vertx.executeBlocking(() -> HtpasswdHash.matches(credentials[1], hash == null ? decoy : hash) && hash != null, false)
                .onComplete(result -> {
                    if (exchange.aborted()) {
                        return;
                    }
                    if (result.failed() || !result.result()) {
                        LOG.debug("middleware {}: authentication failed for user '{}'", name, user);
                        refuse(exchange);
                        return;
                    }
                    if (!options.headerField().isEmpty()) {
                        exchange.upstream().headers().set(options.headerField(), user);
                    }
                    if (options.removeHeader()) {
                        exchange.upstream().headers().remove("Authorization");
                    }
                    next.proceed();
                });
    }

    private void refuse(Exchange exchange) {
        if (!exchange.response().headWritten()) {
            exchange.response().putHeader("WWW-Authenticate", "Basic realm=\"" + options.realm() + "\"");
        }
        Responses.answer(exchange, 401, "text/plain", "401 Unauthorized\n");
    }

    /** Go's {@code Request.BasicAuth}: the "Basic" scheme (any case), base64 of user:password; null when absent or malformed. */
    static String[] credentials(String authorization) {
        if (authorization == null || authorization.length() < 6 || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorization.substring(6));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String text = new String(decoded, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        return colon < 0 ? null : new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }
}
