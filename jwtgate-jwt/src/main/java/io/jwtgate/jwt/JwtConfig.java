package io.jwtgate.jwt;

import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.config.DpopOptions;
import io.jwtgate.jwt.config.GoDuration;
import io.jwtgate.jwt.config.KeySetOptions;
import io.jwtgate.jwt.config.OptionReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of one JWT middleware ({@code http.middlewares.<name>.plugin.jwt}), exactly as written
 * (secret references are resolved later, by {@link JwtAuthenticator#create}). Unset strings are null.
 * Extensions (absent from Traefik Hub, Traefik-compatible when unset): {@code clockSkew} (decision 16),
 * {@code oidcIssuer} (a key source: OpenID discovery, {@code iss} pinned) and {@code keySetPolicy}
 * (key-set timings and limits, docs/key-sets.md) and {@code tokenCache} (false: this middleware never
 * uses the process's verified-token cache; default true) and {@code audiences} (the token's {@code aud} must
 * contain one of them, URIs compared canonically: {@link ResourceUri}) and {@code issuer} (the {@code iss} to accept, exact
 * or a multi-tenant template with {@code {tenantid}}) with {@code allowedTenants}, {@code tokenCookie} (a cookie that
 * may carry the token), {@code requireAccessTokenProfile} (RFC 9068), {@code dpop} (RFC 9449) and {@code introspection} (RFC 7662); everything else is Traefik Hub's option set.
 */
public record JwtConfig(
        String signingSecret,
        boolean signingSecretBase64Encoded,
        String publicKey,
        String jwksFile,
        String jwksUrl,
        List<TrustedIssuer> trustedIssuers,
        boolean forwardAuthorization,
        String tokenKey,
        String headerName,
        String claims,
        String usernameClaim,
        Map<String, String> forwardHeaders,
        String wwwAuthenticate,
        ClientConfig clientConfig,
        Duration clockSkew,
        String oidcIssuer,
        KeySetOptions keySetPolicy,
        boolean tokenCache,
        List<String> audiences,
        String issuer,
        List<String> allowedTenants,
        String tokenCookie,
        boolean requireAccessTokenProfile,
        DpopOptions dpop,
        String certificateBoundTokens,
        IntrospectionConfig introspection) {

    /** Largest accepted {@code clockSkew} (attacks #28). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    static final List<String> OPTIONS = List.of("signingSecret", "signingSecretBase64Encoded", "publicKey", "jwksFile",
            "jwksUrl", "trustedIssuers", "forwardAuthorization", "tokenKey", "headerName", "claims", "usernameClaim",
            "forwardHeaders", "wwwAuthenticate", "clientConfig", "clockSkew", "oidcIssuer", "keySetPolicy", "tokenCache", "audiences",
            "issuer", "allowedTenants", "tokenCookie", "requireAccessTokenProfile", "dpop", "certificateBoundTokens", "introspection");

    public JwtConfig {
        trustedIssuers = trustedIssuers == null ? null : List.copyOf(trustedIssuers);
        forwardHeaders = forwardHeaders == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(forwardHeaders));
        headerName = headerName == null ? "Authorization" : headerName;
        clientConfig = clientConfig == null ? ClientConfig.DEFAULT : clientConfig;
        clockSkew = clockSkew == null ? Duration.ZERO : clockSkew;
        keySetPolicy = keySetPolicy == null ? KeySetOptions.UNSET : keySetPolicy;
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        allowedTenants = allowedTenants == null ? null : List.copyOf(allowedTenants);
        dpop = dpop == null ? DpopOptions.OFF : dpop;
        certificateBoundTokens = certificateBoundTokens == null ? "off" : certificateBoundTokens;
    }

    /**
     * One {@code trustedIssuers} entry (decision 13); {@code issuer} null marks the fallback entry. {@code issuer}
     * may be a multi-tenant template ({@code {tenantid}}, extension) with its own {@code allowedTenants} (null: the
     * middleware's {@code allowedTenants}).
     */
    public record TrustedIssuer(String issuer, String jwksUrl, List<String> allowedTenants) {
        public TrustedIssuer {
            allowedTenants = allowedTenants == null ? null : List.copyOf(allowedTenants);
        }

        public TrustedIssuer(String issuer, String jwksUrl) {
            this(issuer, jwksUrl, null);
        }
    }

    /** {@code clientConfig}: how key sets are fetched. */
    public record ClientConfig(Tls tls, int timeoutSeconds, int maxRetries) {
        public static final ClientConfig DEFAULT = new ClientConfig(Tls.NONE, 5, 3);

        public ClientConfig {
            tls = tls == null ? Tls.NONE : tls;
        }
    }

    /** {@code clientConfig.tls}: values may be PEM text or secret references. */
    public record Tls(String ca, String cert, String key, boolean insecureSkipVerify) {
        public static final Tls NONE = new Tls(null, null, null, false);

        @Override
        public String toString() {
            return "Tls[ca=" + (ca == null ? "unset" : "set") + ", cert=" + (cert == null ? "unset" : "set")
                    + ", key=" + (key == null ? "unset" : "redacted") + ", insecureSkipVerify=" + insecureSkipVerify + "]";
        }
    }

    /** Never prints the signing secret. */
    @Override
    public String toString() {
        return "JwtConfig[signingSecret=" + (signingSecret == null ? "unset" : "redacted")
                + ", signingSecretBase64Encoded=" + signingSecretBase64Encoded + ", publicKey=" + (publicKey == null ? "unset" : "set")
                + ", jwksFile=" + (jwksFile == null ? "unset" : "set") + ", jwksUrl=" + jwksUrl + ", trustedIssuers=" + trustedIssuers
                + ", forwardAuthorization=" + forwardAuthorization + ", tokenKey=" + tokenKey + ", headerName=" + headerName
                + ", claims=" + claims + ", usernameClaim=" + usernameClaim + ", forwardHeaders=" + forwardHeaders
                + ", wwwAuthenticate=" + wwwAuthenticate + ", clientConfig=" + clientConfig + ", clockSkew=" + clockSkew + ", oidcIssuer=" + oidcIssuer + ", keySetPolicy=" + keySetPolicy + ", tokenCache=" + tokenCache + ", audiences=" + audiences
                + ", issuer=" + issuer + ", allowedTenants=" + allowedTenants + ", tokenCookie=" + tokenCookie
                + ", requireAccessTokenProfile=" + requireAccessTokenProfile + ", dpop=" + dpop + ", certificateBoundTokens=" + certificateBoundTokens
                + ", introspection=" + introspection + "]";
    }

    /**
     * Reads the raw option map. Option keys are matched case-insensitively. An unknown key is an error
     * naming it and the closest known option; a value of the wrong type is an error naming the key and
     * the expected type. Semantic checks (key sources, PEM, expressions) happen in {@link JwtAuthenticator#create}.
     */
    public static JwtConfig fromMap(Map<String, ?> options) throws ConfigException {
        OptionReader r = new OptionReader("", options, OPTIONS);
        Map<String, String> forwardHeaders = new LinkedHashMap<>();
        Map<String, ?> fh = r.map("forwardHeaders");
        if (fh != null) {
            for (Map.Entry<String, ?> e : fh.entrySet()) {
                if (!(e.getValue() instanceof String path) || path.isEmpty()) {
                    throw new ConfigException("forwardHeaders." + e.getKey(), "expected a claim name (string)",
                            "write the header name, a colon and the claim path, e.g. X-User-Id: sub");
                }
                forwardHeaders.put(e.getKey(), path);
            }
        }
        Duration skew = Duration.ZERO;
        String skewText = r.string("clockSkew");
        if (skewText != null) {
            try {
                skew = GoDuration.parse(skewText);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("clockSkew", e.getMessage(), "write a duration such as 30s or 1m");
            }
            if (skew.isNegative() || skew.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new ConfigException("clockSkew", "clockSkew " + skewText + " is outside 0s..5m",
                        "use a small tolerance such as 30s (at most 5m)");
            }
        }
        return new JwtConfig(
                r.string("signingSecret"),
                r.bool("signingSecretBase64Encoded", false),
                r.string("publicKey"),
                r.string("jwksFile"),
                r.string("jwksUrl"),
                trustedIssuers(r.list("trustedIssuers")),
                r.bool("forwardAuthorization", false),
                r.string("tokenKey"),
                r.string("headerName"),
                r.string("claims"),
                r.string("usernameClaim"),
                forwardHeaders,
                r.string("wwwAuthenticate"),
                clientConfig(r.map("clientConfig")),
                skew,
                r.string("oidcIssuer"),
                KeySetOptions.read(r.map("keySetPolicy")),
                r.bool("tokenCache", true),
                audiences(r.list("audiences")),
                r.string("issuer"),
                tenants("allowedTenants", r.list("allowedTenants")),
                r.string("tokenCookie"),
                r.bool("requireAccessTokenProfile", false),
                DpopOptions.read(r.map("dpop")),
                certificateBoundTokens(r.string("certificateBoundTokens")),
                IntrospectionConfig.read(r.map("introspection")));
    }

    /** {@code certificateBoundTokens} (extension, RFC 8705): off (default), allowed or required. */
    private static String certificateBoundTokens(String value) throws ConfigException {
        if (value == null) {
            return "off";
        }
        String v = value.toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("off") && !v.equals("allowed") && !v.equals("required")) {
            throw new ConfigException("certificateBoundTokens", "unknown value '" + value + "'", "write off, allowed or required");
        }
        return v;
    }

    /** {@code allowedTenants} (extension): tenant identifiers; null when unset. */
    private static List<String> tenants(String path, List<?> list) throws ConfigException {
        if (list == null) {
            return null;
        }
        if (list.isEmpty()) {
            throw new ConfigException(path, "allowedTenants is empty: no tenant could ever be accepted",
                    "list the tenant IDs to accept, e.g. - 72f988bf-86f1-41af-91ab-2d7cd011db47, or remove the option");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s) || s.isBlank()) {
                throw new ConfigException(path + "[" + i + "]", "expected a tenant ID (string)",
                        "list tenant IDs as strings, e.g. - 72f988bf-86f1-41af-91ab-2d7cd011db47");
            }
            out.add(s.strip());
        }
        return out;
    }

    /** {@code audiences} (extension): a list of non-empty strings. */
    private static List<String> audiences(List<?> list) throws ConfigException {
        if (list == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s) || s.isBlank()) {
                throw new ConfigException("audiences[" + i + "]", "expected a non-empty string",
                        "list the audiences this middleware accepts, e.g. - https://api.example.com/mcp");
            }
            out.add(s);
        }
        return out;
    }

    private static List<TrustedIssuer> trustedIssuers(List<?> list) throws ConfigException {
        if (list == null) {
            return null;
        }
        List<TrustedIssuer> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "trustedIssuers[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new ConfigException(path, "expected a map with issuer and jwksUrl",
                        "write each entry as '- issuer: https://idp.example.com' and 'jwksUrl: https://idp.example.com/jwks'");
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            m.forEach((k, v) -> entry.put(String.valueOf(k), v));
            OptionReader r = new OptionReader(path + ".", entry, List.of("issuer", "jwksUrl", "allowedTenants"));
            out.add(new TrustedIssuer(r.string("issuer"), r.string("jwksUrl"), tenants(path + ".allowedTenants", r.list("allowedTenants"))));
        }
        return out;
    }

    private static ClientConfig clientConfig(Map<String, ?> map) throws ConfigException {
        if (map == null) {
            return ClientConfig.DEFAULT;
        }
        OptionReader r = new OptionReader("clientConfig.", map, List.of("tls", "timeoutSeconds", "maxRetries"));
        Tls tls = Tls.NONE;
        Map<String, ?> tlsMap = r.map("tls");
        if (tlsMap != null) {
            OptionReader t = new OptionReader("clientConfig.tls.", tlsMap, List.of("ca", "cert", "key", "insecureSkipVerify"));
            tls = new Tls(t.string("ca"), t.string("cert"), t.string("key"), t.bool("insecureSkipVerify", false));
        }
        int timeout = r.integer("timeoutSeconds", 5);
        if (timeout < 1 || timeout > 300) {
            throw new ConfigException("clientConfig.timeoutSeconds", "timeoutSeconds " + timeout + " is outside 1..300",
                    "use a few seconds, e.g. 5");
        }
        int retries = r.integer("maxRetries", 3);
        if (retries < 0 || retries > 10) {
            throw new ConfigException("clientConfig.maxRetries", "maxRetries " + retries + " is outside 0..10",
                    "use a small number of retries, e.g. 3");
        }
        return new ClientConfig(tls, timeout, retries);
    }
}
