package io.jwtgate.gateway.middleware.auth;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.jwt.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traefik's {@code digestAuth} (go-http-auth's DigestAuth, RFC 2617): htdigest users
 * ({@code user:realm:HA1}) inline, from {@code usersFile} or from a Kubernetes Secret; MD5 with
 * {@code qop=auth} only. A request without a valid response gets 401 with a fresh nonce:
 * {@code WWW-Authenticate: Digest realm="traefik", nonce="…", opaque="…", algorithm="MD5", qop="auth"}
 * ({@code stale="true"} before {@code algorithm} when the nonce count went backwards).
 *
 * <p>Checked, in go-http-auth's order: opaque (random per middleware), algorithm (absent means
 * MD5), qop, the {@code uri} against the request target, the response hash (constant-time), the
 * nonce (issued here and remembered, see {@link DigestNonces}) and its count. Stricter than
 * go-http-auth, and documented: an unknown user is always refused (go-http-auth computes with an
 * empty HA1, which anyone can do), and {@code uri} must be the request target the client sent (or
 * its absolute form), not merely a prefix of the path.
 */
public final class DigestAuthMiddleware implements Middleware {

    private static final Logger LOG = LoggerFactory.getLogger(DigestAuthMiddleware.class);
    private static final Pattern HA1 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern ABSOLUTE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*");
    /** The one refusal that tells the client to retry with a fresh nonce ({@code stale="true"}). */
    private static final String STALE = "nonce count lower than the last one (stale)";

    public static final RegisteredType TYPE = new RegisteredType("digestAuth", "configuration.md#digestauth",
            (config, ctx) -> new DigestAuthMiddleware(config.name(), Options.parse(config.options(), config.name(), ctx)));

    /**
     * @param users        user name to HA1 (lower-case hex MD5 of {@code user:realm:password}) for {@code realm}
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
            String realm = o.get("realm").string("");
            if (realm.isEmpty()) {
                realm = "traefik"; // Traefik: an empty realm is the default one
            }
            // Keyed by user:realm as in Traefik: a later line (users after usersFile) replaces an earlier one.
            Map<String, String[]> entries = new LinkedHashMap<>();
            for (String line : AuthUsers.lines(o, middleware, ctx, false, "htdigest -c users.htdigest traefik alice")) {
                String[] parts = line.split(":", -1);
                if (parts.length != 3) {
                    throw o.error("cannot read a user entry (expected user:realm:HA1, two colons)",
                            "write entries as produced by `htdigest -c users.htdigest traefik alice`");
                }
                entries.put(parts[0] + ":" + parts[1], parts);
            }
            Map<String, String> users = new LinkedHashMap<>();
            List<String> elsewhere = new ArrayList<>();
            for (String[] e : entries.values()) {
                if (!e[1].equals(realm)) {
                    elsewhere.add(e[0] + " (realm '" + e[1] + "')");
                    continue;
                }
                if (!HA1.matcher(e[2]).matches()) {
                    warnings.accept(o.source() + ": " + o.path() + ": user '" + e[0] + "' has an HA1 that is not 32 lower-case hex digits"
                            + " (MD5 of user:realm:password): this user can never log in; create it with `htdigest users.htdigest "
                            + realm + " " + e[0] + "`");
                }
                users.put(e[0], e[2]);
            }
            if (!elsewhere.isEmpty()) {
                warnings.accept(o.source() + ": " + o.path() + ": users of another realm than '" + realm + "' are not used (as in Traefik): "
                        + String.join(", ", elsewhere));
            }
            if (users.isEmpty()) {
                throw o.error("has no users for realm '" + realm + "'",
                        "list htdigest lines (user:" + realm + ":HA1) under `users:` or point `usersFile` at an htdigest file");
            }
            return new Options(users, realm, o.get("headerField").string(""), o.get("removeHeader").bool(false));
        }
    }

    private final String name;
    private final Options options;
    private final DigestNonces nonces;
    private final String opaque = DigestNonces.randomKey();
    /** Used when the user is unknown, so that the answer costs the same; such a request never passes. */
    private final String decoy = DigestUtils.md5Hex(DigestNonces.randomKey());

    public DigestAuthMiddleware(String name, Options options) {
        this.name = name;
        this.options = options;
        this.nonces = new DigestNonces(DigestNonces.CACHE_SIZE, DigestNonces.CACHE_TOLERANCE);
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        Map<String, String> auth = DigestParams.parse(exchange.upstream().headers().get("Authorization"));
        if (auth == null) {
            challenge(exchange, false);
            return;
        }
        String user = auth.getOrDefault("username", "");
        if (!user.isEmpty()) {
            exchange.facts().username(user);
        }
        String failure = check(auth, exchange.request().method().name(), exchange.request().uri());
        if (failure != null) {
            LOG.debug("middleware {}: digest authentication failed for user '{}': {}", name, user, failure);
            challenge(exchange, failure == STALE);
            return;
        }
        if (!options.headerField().isEmpty()) {
            exchange.upstream().headers().set(options.headerField(), user);
        }
        if (options.removeHeader()) {
            exchange.upstream().headers().remove("Authorization");
        }
        next.proceed();
    }

    /** Why the request is refused, or null when it is authenticated (its nonce count is then recorded). */
    private String check(Map<String, String> auth, String method, String requestTarget) {
        String algorithm = auth.getOrDefault("algorithm", "MD5"); // absent: MD5, as go-http-auth assumes for broken clients
        if (!opaque.equals(auth.getOrDefault("opaque", "")) || !algorithm.equals("MD5") || !"auth".equals(auth.get("qop"))) {
            return "opaque, algorithm (MD5 only) or qop (auth only) does not match the challenge";
        }
        String uri = auth.getOrDefault("uri", "");
        if (!sameTarget(uri, requestTarget)) {
            return "uri is not the request target";
        }
        String ha1 = options.users().get(auth.getOrDefault("username", ""));
        String expected = response(ha1 == null ? decoy : ha1, method, uri, auth.getOrDefault("nonce", ""), auth.getOrDefault("nc", ""),
                auth.getOrDefault("cnonce", ""), "auth");
        boolean matches = MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                auth.getOrDefault("response", "").getBytes(StandardCharsets.UTF_8));
        if (!matches || ha1 == null) {
            return "wrong response or unknown user";
        }
        Long count = count(auth.getOrDefault("nc", ""));
        if (count == null) {
            return "nc is not a hexadecimal count";
        }
        return switch (nonces.use(auth.getOrDefault("nonce", ""), count)) {
            case ACCEPTED -> null;
            case STALE -> STALE;
            case REPLAYED -> "nonce count already used (replay)";
            case UNKNOWN_NONCE -> "nonce not issued by this middleware, or forgotten";
        };
    }

    private void challenge(Exchange exchange, boolean stale) {
        if (!exchange.response().headWritten()) {
            exchange.response().putHeader("WWW-Authenticate", "Digest realm=\"" + options.realm() + "\", nonce=\"" + nonces.issue()
                    + "\", opaque=\"" + opaque + "\", " + (stale ? "stale=\"true\", " : "") + "algorithm=\"MD5\", qop=\"auth\"");
        }
        Responses.answer(exchange, 401, "text/plain", "401 Unauthorized\n");
    }

    /** RFC 2617's request-digest for qop=auth: MD5(HA1:nonce:nc:cnonce:qop:MD5(method:uri)), lower-case hex. */
    static String response(String ha1, String method, String uri, String nonce, String nc, String cnonce, String qop) {
        String ha2 = DigestUtils.md5Hex(method + ":" + uri);
        return DigestUtils.md5Hex(String.join(":", ha1, nonce, nc, cnonce, qop, ha2));
    }

    /**
     * Whether the {@code uri} of the credentials names the request target: the same text, or the
     * same path and query when either is in absolute form ({@code http://host/p?q}).
     */
    static boolean sameTarget(String uri, String requestTarget) {
        return uri.equals(requestTarget) || originForm(uri).equals(originForm(requestTarget));
    }

    private static String originForm(String target) {
        var m = ABSOLUTE.matcher(target);
        if (!m.find()) {
            return target;
        }
        String rest = target.substring(m.end());
        return rest.isEmpty() || rest.startsWith("?") ? "/" + rest : rest;
    }

    /** go's ParseUint(nc, 16, 64): hex digits only, at most 64 bits; null otherwise. */
    private static Long count(String nc) {
        if (!HEX.matcher(nc).matches()) {
            return null;
        }
        String digits = nc.replaceFirst("^0+(?=.)", "");
        return digits.length() > 16 ? null : Long.parseUnsignedLong(digits, 16);
    }
}
