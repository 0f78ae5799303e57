package io.jwtgate.jwt;

import io.jwtgate.expr.ExpressionException;
import io.jwtgate.jwt.cache.CacheExpiry;
import io.jwtgate.jwt.cache.CachedVerification;
import io.jwtgate.jwt.cache.TokenDigest;
import io.jwtgate.jwt.cache.VerifiedTokenCache;
import io.jwtgate.jwt.claims.ClaimPath;
import io.jwtgate.jwt.claims.ClaimsPolicy;
import io.jwtgate.jwt.claims.ForwardHeaders;
import io.jwtgate.jwt.claims.IssuerPolicy;
import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.config.HeaderNames;
import io.jwtgate.jwt.dpop.DpopVerifier;
import io.jwtgate.jwt.http.Challenges;
import io.jwtgate.jwt.http.Cookies;
import io.jwtgate.jwt.http.TokenExtractor;
import io.jwtgate.jwt.introspection.IntrospectionResult;
import io.jwtgate.jwt.introspection.Introspector;
import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.json.StrictJsonParser;
import io.jwtgate.jwt.keys.KeyRequest;
import io.jwtgate.jwt.keys.KeyResolution;
import io.jwtgate.jwt.keys.KeySource;
import io.jwtgate.jwt.token.Jws;
import io.jwtgate.jwt.token.JwsParser;
import io.jwtgate.jwt.token.TokenFingerprint;
import io.jwtgate.jwt.token.TokenRejected;
import io.jwtgate.jwt.verify.SignatureVerifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JWT middleware, built once per configuration and shared by all requests (thread-safe).
 * A request goes: {@link #extract} → {@link #authenticate}: strict parse → key selection (by source,
 * {@code alg}, {@code kid}, trusted {@code iss}) → signature → {@code exp}/{@code nbf}/{@code iat} →
 * {@code claims} → headers to remove and add. Every failure is a {@link AuthOutcome.Denied}.
 */
public final class JwtAuthenticator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);

    private final JwtConfig config;
    private final JwtEnvironment env;
    /** Null when {@link #introspector} judges every token. */
    private final KeySource keys;
    private final ClaimChecks checks;
    private final TokenExtractor extractor;
    private final Challenges challenges;
    private final List<String> warnings;
    private final JwtStats stats;
    private final HttpClient ownedClient;
    private final SignatureVerifier verifier;
    /** The process's verified-token cache, or null (none, or {@code tokenCache: false}). */
    private final VerifiedTokenCache tokenCache;
    /** DPoP (RFC 9449), or null when {@code dpop.mode} is off. */
    private final DpopVerifier dpop;
    /** RFC 7662 introspection, or null; with {@link #keys} null it sees every token, otherwise those that are not a compact JWS. */
    private final Introspector introspector;

    /** How the token came: with the {@code DPoP} scheme or not, and the request (null when unknown, as for {@code verify}). */
    private record Presentation(boolean dpopScheme, TokenRequest request) {
        static final Presentation NONE = new Presentation(false, null);
    }

    private JwtAuthenticator(JwtConfig config, JwtEnvironment env, KeySource keys, ClaimsPolicy claims, IssuerPolicy issuers,
                             ForwardHeaders forwardHeaders, List<String> warnings, JwtStats stats, HttpClient ownedClient,
                             Introspector introspector) {
        this.config = config;
        this.env = env;
        this.keys = keys;
        this.extractor = new TokenExtractor(config.headerName(), config.tokenKey(), config.tokenCookie(), config.dpop().enabled());
        this.challenges = new Challenges(config.wwwAuthenticate());
        List<String> remove = new ArrayList<>(forwardHeaders.names());
        if (!config.forwardAuthorization()) {
            remove.add(config.headerName());
            if (config.dpop().enabled()) {
                remove.add("DPoP");
            }
        }
        this.warnings = List.copyOf(warnings);
        this.stats = stats;
        this.ownedClient = ownedClient;
        this.verifier = env.engine().verifier();
        this.tokenCache = config.tokenCache() ? env.engine().tokenCache() : null;
        this.dpop = config.dpop().enabled() ? new DpopVerifier(config.dpop(), verifier, env.clock(), config.clockSkew()) : null;
        this.introspector = introspector;
        this.checks = new ClaimChecks(config, env.clock(), issuers.isEmpty() ? null : issuers, dpop, claims, forwardHeaders,
                config.usernameClaim() == null ? null : ClaimPath.parse(config.usernameClaim()), List.copyOf(remove));
    }

    /**
     * Validates the whole configuration and builds the middleware. Remote key sets start their first
     * fetch in the background; this method does not wait for it.
     */
    public static JwtAuthenticator create(JwtConfig config, JwtEnvironment env) throws ConfigException {
        List<String> warnings = new ArrayList<>();
        String source = KeySources.singleSource(config);
        if (config.signingSecretBase64Encoded() && config.signingSecret() == null) {
            warnings.add("signingSecretBase64Encoded is set but signingSecret is not: it has no effect");
        }
        if (!HeaderNames.isValid(config.headerName())) {
            throw new ConfigException("headerName", "'" + config.headerName() + "' is not a valid header name",
                    "use letters, digits and '-' only, e.g. Authorization or X-Api-Token");
        }
        ClaimsPolicy claims = null;
        if (config.claims() != null) {
            try {
                claims = ClaimsPolicy.compile(config.claims());
            } catch (ExpressionException e) {
                throw new ConfigException(null, "claims", e.getMessage(),
                        "write calls such as Equals(`grp`, `admin`) joined with &&, || and !, with every argument quoted in backticks", e);
            }
        }
        ForwardHeaders forward = forwardHeaders(config);
        IssuerPolicy issuers = TenantRules.policy(config);
        TenantRules.warnOpenMultiTenant(config, claims, warnings);
        if (config.usernameClaim() != null && ClaimPath.parse(config.usernameClaim()).segments().isEmpty()) {
            throw new ConfigException("usernameClaim", "usernameClaim is empty", "name a claim, e.g. sub");
        }
        validateResourceMetadata(config.wwwAuthenticate());
        if (config.dpop().enabled() && !config.headerName().equalsIgnoreCase("Authorization")) {
            throw new ConfigException("dpop", "dpop needs the token in the Authorization header (RFC 9449 section 7.1), but headerName is "
                    + config.headerName(), "remove headerName, or set dpop.mode: off");
        }
        if (config.tokenCookie() != null && !Cookies.isName(config.tokenCookie())) {
            throw new ConfigException("tokenCookie", "'" + config.tokenCookie() + "' is not a valid cookie name",
                    "use letters, digits and '-', '_', '.' only, e.g. access_token");
        }
        if (config.tokenCookie() != null) {
            warnings.add("tokenCookie is set: browsers attach cookies to cross-site requests, so a route that changes state needs CSRF protection "
                    + "(SameSite=Strict or Lax on the cookie, or a CSRF token checked by the backend)");
        }
        if (config.tokenKey() != null) {
            warnings.add("tokenKey is set: tokens in query strings end up in logs and browser history (RFC 6750 section 2.3 discourages it)");
        }
        JwtStats stats = new JwtStats();
        KeySources builder = new KeySources(config, env, stats, warnings);
        KeySource keys = source == null ? null : builder.build(source, claims);
        Introspector introspector = config.introspection() == null ? null : IntrospectionSetup.build(config.introspection(), env, warnings);
        JwtAuthenticator authenticator = new JwtAuthenticator(config, env, keys, claims, issuers, forward, warnings, stats, builder.ownedClient(),
                introspector);
        for (String warning : authenticator.warnings) {
            LOG.warn("[{}] {}", env.middlewareName(), warning);
        }
        return authenticator;
    }

    private static ForwardHeaders forwardHeaders(JwtConfig config) throws ConfigException {
        Map<String, String> canonical = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : config.forwardHeaders().entrySet()) {
            String path = "forwardHeaders." + e.getKey();
            if (!HeaderNames.isValid(e.getKey())) {
                throw new ConfigException(path, "'" + e.getKey() + "' is not a valid header name", "use letters, digits and '-' only, e.g. X-User-Id");
            }
            if (HeaderNames.isForbiddenTarget(e.getKey())) {
                throw new ConfigException(path, e.getKey() + " controls how the request is routed or framed and cannot be set from a claim",
                        "forward the claim in an application header such as X-User-Id");
            }
            if (e.getKey().equalsIgnoreCase(config.headerName())) {
                throw new ConfigException(path, "forwardHeaders cannot write the header that carries the token (" + config.headerName() + ")",
                        "choose another header name");
            }
            if (canonical.put(HeaderNames.canonical(e.getKey()), e.getValue()) != null) {
                throw new ConfigException(path, "header " + e.getKey() + " is listed twice (header names ignore case)", "keep one entry per header");
            }
        }
        return new ForwardHeaders(canonical);
    }

    private static void validateResourceMetadata(String url) throws ConfigException {
        if (url == null) {
            return;
        }
        boolean ok;
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            ok = (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null && Challenges.isQuotable(url);
        } catch (URISyntaxException e) {
            ok = false;
        }
        if (!ok) {
            throw new ConfigException("wwwAuthenticate", "'" + url + "' is not an absolute http(s) URL usable in a WWW-Authenticate challenge",
                    "give the URL of the protected-resource metadata, e.g. https://api.example.com/.well-known/oauth-protected-resource/mcp-server");
        }
    }

    /** Startup warnings (weak secret, issuer-chosen key sets, insecure TLS, query tokens...). */
    public List<String> warnings() {
        return warnings;
    }

    public JwtConfig config() {
        return config;
    }

    /** Finds the token in the header, then the query parameter (decision 5). */
    public Extraction extract(TokenRequest request) {
        return extractor.extract(request);
    }

    /** Finds the token in the {@code tokenKey} field of a URL-encoded form body. */
    public Extraction extractFromForm(byte[] urlEncodedBody) {
        return extractor.extractFromForm(urlEncodedBody);
    }

    /** Convenience: authenticates a {@link Extraction.Found}, denies the other extraction results. */
    public CompletionStage<AuthOutcome> authenticate(Extraction extraction) {
        return authenticate(extraction, null);
    }

    /**
     * Authenticates a {@link Extraction.Found} as presented in {@code request}: what sender-constrained tokens need
     * (the DPoP proof, the method and URI, the client certificate). Without the request such tokens are refused.
     */
    public CompletionStage<AuthOutcome> authenticate(Extraction extraction, TokenRequest request) {
        return switch (extraction) {
            case Extraction.Found found -> authenticate(found.token(), true, new Presentation(found.source().equals("dpop"), request));
            case Extraction.Invalid invalid -> CompletableFuture.completedFuture(deny(invalid.reason(), "unusable credential", true));
            case Extraction.Missing ignored -> CompletableFuture.completedFuture(deny(DenyReason.MISSING_TOKEN, "no token", false));
            case Extraction.NeedsFormBody ignored -> CompletableFuture.completedFuture(deny(DenyReason.MISSING_TOKEN, "form body not read", false));
        };
    }

    /**
     * Authenticates a token. Completes at once unless a key set must be fetched; never blocks the caller,
     * never throws, never completes exceptionally.
     *
     * @param tokenPresented whether the client sent a credential (selects the challenge of decision 6)
     */
    public CompletionStage<AuthOutcome> authenticate(String token, boolean tokenPresented) {
        return authenticate(token, tokenPresented, Presentation.NONE);
    }

    private CompletionStage<AuthOutcome> authenticate(String token, boolean tokenPresented, Presentation presentation) {
        try {
            if (token == null || token.isEmpty()) {
                return CompletableFuture.completedFuture(deny(DenyReason.MISSING_TOKEN, "no token", tokenPresented));
            }
            if (introspector != null && (keys == null || !compactJwsShape(token))) {
                return introspect(token, presentation);
            }
            TokenDigest digest = null;
            if (tokenCache != null && token.length() <= JwsParser.DEFAULT_MAX_LENGTH) {
                digest = TokenDigest.of(token);
                AuthOutcome cached = fromCache(token, digest, presentation);
                if (cached != null) {
                    return CompletableFuture.completedFuture(cached);
                }
            }
            Jws jws = JwsParser.parse(token);
            JsonValue.JsonObject payload;
            try {
                payload = StrictJsonParser.parseObject(jws.payload());
            } catch (StrictJsonParser.JsonRejected e) {
                throw new TokenRejected(DenyReason.MALFORMED_TOKEN, "payload: " + e.getMessage());
            }
            String issuer = payload.string("iss");
            CompletableFuture<KeyResolution> resolution = keys.resolve(new KeyRequest(jws.algorithm(), jws.kid(), issuer));
            TokenDigest key = digest;
            if (resolution.isDone()) {
                return CompletableFuture.completedFuture(finish(token, key, jws, issuer, payload, resolution.join(), presentation));
            }
            return resolution.handle((r, error) -> error != null
                    ? internalError(token, error)
                    : finish(token, key, jws, issuer, payload, r, presentation));
        } catch (TokenRejected e) {
            return CompletableFuture.completedFuture(denyLogged(token, e.reason(), e.detail(), presentation));
        } catch (RuntimeException | StackOverflowError e) {
            return CompletableFuture.completedFuture(internalError(token, e));
        }
    }

    /** Three segments: what the key source can verify. Anything else (an opaque token, a JWE) goes to introspection when it is configured. */
    private static boolean compactJwsShape(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        return second > 0 && token.indexOf('.', second + 1) < 0;
    }

    /** RFC 7662: the endpoint's answer stands in for the signature; then the same claim checks as a verified JWT. */
    private CompletionStage<AuthOutcome> introspect(String token, Presentation presentation) {
        if (token.length() > JwsParser.DEFAULT_MAX_LENGTH) {
            return CompletableFuture.completedFuture(denyLogged(token, DenyReason.TOKEN_TOO_LARGE, "token longer than "
                    + JwsParser.DEFAULT_MAX_LENGTH + " characters", presentation));
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                // RFC 6749 appendix A.12: an access token is printable ASCII.
                return CompletableFuture.completedFuture(denyLogged(token, DenyReason.MALFORMED_TOKEN, "token is not printable ASCII", presentation));
            }
        }
        return introspector.introspect(token).handle((result, error) -> {
            if (error != null) {
                return internalError(token, error);
            }
            return switch (result) {
                case IntrospectionResult.Active active -> checkClaims(token, active.claims(), null, presentation, true);
                case IntrospectionResult.Inactive inactive -> denyLogged(token, DenyReason.TOKEN_INACTIVE, "introspection: active is false", presentation);
                case IntrospectionResult.Unavailable unavailable -> denyLogged(token, DenyReason.INTROSPECTION_UNAVAILABLE,
                        "introspection: " + unavailable.detail(), presentation);
            };
        });
    }

    /**
     * A hit: the same token was verified before with the key that this middleware's key selection yields now.
     * The signature is not checked again; time claims, {@code claims} and headers are, by this middleware.
     * Null when the full path must run (no entry, past its deadline, key changed, key set still loading).
     */
    private AuthOutcome fromCache(String token, TokenDigest digest, Presentation presentation) {
        CachedVerification hit = tokenCache.lookup(digest);
        if (hit != null) {
            CompletableFuture<KeyResolution> resolution = keys.resolve(new KeyRequest(hit.algorithm(), hit.kid(), hit.issuer()));
            if (resolution.isDone() && resolution.join() instanceof KeyResolution.Found found
                    && hit.usableWith(found.entry().key(), env.clock().millis())) {
                tokenCache.recordHit();
                return checkClaims(token, hit.payload(), hit.typ(), presentation);
            }
            if (resolution.isDone()) {
                tokenCache.invalidate(digest); // key dropped or rotated, or entry past its deadline
            }
        }
        tokenCache.recordMiss();
        return null;
    }

    private AuthOutcome finish(String token, TokenDigest digest, Jws jws, String issuer, JsonValue.JsonObject payload, KeyResolution resolution,
                               Presentation presentation) {
        try {
            if (resolution instanceof KeyResolution.Failed failed) {
                return denyLogged(token, failed.reason(), failed.detail(), presentation);
            }
            KeyResolution.Found found = (KeyResolution.Found) resolution;
            if (!verifier.verifies(jws.algorithm(), found.entry().key(), jws.signingInput(), jws.signature())) {
                return denyLogged(token, DenyReason.BAD_SIGNATURE, jws.algorithm() + " signature does not verify", presentation);
            }
            if (digest != null) {
                remember(digest, jws, issuer, payload, found);
            }
            return checkClaims(token, payload, jws.header().string("typ"), presentation);
        } catch (RuntimeException e) {
            return internalError(token, e);
        }
    }

    private void remember(TokenDigest digest, Jws jws, String issuer, JsonValue.JsonObject payload, KeyResolution.Found found) {
        long now = env.clock().millis();
        long deadline = CacheExpiry.deadline(payload, now, tokenCache.settings().maxTtl());
        if (deadline != Long.MIN_VALUE) {
            tokenCache.put(digest, new CachedVerification(payload, jws.algorithm(), jws.kid(), issuer, found.entry().key(), deadline,
                    CacheExpiry.weight(jws.payload().length, tokenCache.weightFloor()), jws.header().string("typ")));
        }
    }

    /** Time claims, the claims expression and the headers: per request and per middleware, cached or not. */
    private AuthOutcome checkClaims(String token, JsonValue.JsonObject payload, String typ, Presentation presentation) {
        return checkClaims(token, payload, typ, presentation, false);
    }

    private AuthOutcome checkClaims(String token, JsonValue.JsonObject payload, String typ, Presentation presentation, boolean introspected) {
        try {
            AuthOutcome.Allowed allowed = checks.check(token, payload, typ, introspected, presentation.dpopScheme(), presentation.request());
            stats.recordAllowed();
            return allowed;
        } catch (TokenRejected e) {
            return denyLogged(token, e.reason(), e.detail(), presentation);
        } catch (RuntimeException e) {
            return internalError(token, e);
        }
    }

    /** The counters of the verified-token cache this middleware uses, or null when it uses none. */
    public TokenCacheStats tokenCache() {
        return tokenCache;
    }

    private AuthOutcome internalError(String token, Throwable error) {
        LOG.error("[{}] unexpected error while checking token {}", env.middlewareName(), TokenFingerprint.of(token), error);
        return deny(DenyReason.INTERNAL_ERROR, "internal error: " + error.getClass().getSimpleName(), true);
    }

    private AuthOutcome.Denied denyLogged(String token, DenyReason reason, String detail, Presentation presentation) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("[{}] token {} denied: {} ({})", env.middlewareName(), TokenFingerprint.of(token), reason, detail);
        }
        return deny(reason, detail, true, presentation.dpopScheme());
    }

    private AuthOutcome.Denied deny(DenyReason reason, String detail, boolean tokenPresented) {
        return deny(reason, detail, tokenPresented, false);
    }

    private AuthOutcome.Denied deny(DenyReason reason, String detail, boolean tokenPresented, boolean dpopScheme) {
        stats.recordDenied(reason);
        int status = reason.status();
        if (dpop != null && (dpopScheme || reason.name().startsWith("DPOP_") || config.dpop().mode() == io.jwtgate.jwt.config.DpopOptions.Mode.REQUIRED)) {
            return DpopChallenges.denied(dpop, reason, detail, tokenPresented, config.wwwAuthenticate());
        }
        return new AuthOutcome.Denied(status, challenges.forStatus(status, tokenPresented), reason, detail);
    }

    /** Counters per deny reason, allowed requests and key-set fetches. */
    public JwtStats stats() {
        return stats;
    }

    /**
     * A snapshot of every key set of this middleware (remote sets, OpenID discovery, watched files), for
     * metrics and the admin API; empty for fixed keys ({@code signingSecret}, {@code publicKey}, inline {@code jwksFile}).
     */
    public List<KeySetStatus> keySets() {
        return keys == null ? List.of() : keys.status();
    }

    /** The introspection endpoint, or null when this middleware does not introspect. */
    public URI introspectionUrl() {
        return introspector == null ? null : introspector.url();
    }

    /** Stops background refreshes and releases the HTTP client this middleware created. */
    @Override
    public void close() {
        try {
            if (keys != null) {
                keys.close();
            }
            if (introspector != null) {
                introspector.close();
            }
        } finally {
            if (ownedClient != null) {
                ownedClient.shutdownNow();
            }
        }
    }
}
