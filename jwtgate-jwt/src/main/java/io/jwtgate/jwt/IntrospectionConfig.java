package io.jwtgate.jwt;

import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.config.GoDuration;
import io.jwtgate.jwt.config.HeaderNames;
import io.jwtgate.jwt.config.OptionReader;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code introspection} (extension): RFC 7662 token introspection, used for the tokens that are not a compact JWS
 * when the middleware also has a key source, and for every token when it has none (which is what Traefik Hub's
 * {@code oAuthIntrospection} middleware is). Secrets ({@code clientSecret}, {@code tls.key}, header values) may be
 * secret references, resolved by {@link JwtAuthenticator#create}.
 *
 * @param authMethod       {@code client_secret_basic} (default) or {@code client_secret_post} (RFC 6749 section 2.3.1)
 * @param headers          sent with every introspection request (e.g. {@code Authorization: Basic ...} when no clientID is set)
 * @param tokenTypeHint    the {@code token_type_hint} form field, or null (not sent)
 * @param cacheTtl         how long an active answer is reused (never past the answer's {@code exp}); zero: not cached
 * @param negativeCacheTtl how long an inactive answer is reused; zero: not cached. Failures are never cached.
 * @param cacheSize        most answers kept (active and inactive together); zero: no cache
 */
public record IntrospectionConfig(String url, String clientId, String clientSecret, String authMethod, Map<String, String> headers,
                                  String tokenTypeHint, int timeoutSeconds, int maxRetries, JwtConfig.Tls tls, Duration cacheTtl,
                                  Duration negativeCacheTtl, int cacheSize) {

    static final List<String> OPTIONS = List.of("url", "clientID", "clientSecret", "authMethod", "headers", "tokenTypeHint",
            "timeoutSeconds", "maxRetries", "tls", "cacheTtl", "negativeCacheTtl", "cacheSize");
    static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);
    static final Duration DEFAULT_NEGATIVE_CACHE_TTL = Duration.ofSeconds(10);
    static final Duration MAX_CACHE_TTL = Duration.ofHours(1);
    static final Duration MAX_NEGATIVE_CACHE_TTL = Duration.ofMinutes(5);

    public IntrospectionConfig {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
        tls = tls == null ? JwtConfig.Tls.NONE : tls;
    }

    /** Never prints the client secret or header values (they are credentials). */
    @Override
    public String toString() {
        return "IntrospectionConfig[url=" + url + ", clientID=" + clientId + ", clientSecret=" + (clientSecret == null ? "unset" : "redacted")
                + ", authMethod=" + authMethod + ", headers=" + headers.keySet() + ", tokenTypeHint=" + tokenTypeHint
                + ", timeoutSeconds=" + timeoutSeconds + ", maxRetries=" + maxRetries + ", tls=" + tls + ", cacheTtl=" + cacheTtl
                + ", negativeCacheTtl=" + negativeCacheTtl + ", cacheSize=" + cacheSize + "]";
    }

    /** Reads {@code introspection}; key paths in errors start with {@code introspection.}. Null when unset. */
    static IntrospectionConfig read(Map<String, ?> map) throws ConfigException {
        if (map == null) {
            return null;
        }
        OptionReader r = new OptionReader("introspection.", map, OPTIONS);
        String url = r.string("url");
        if (url == null || url.isBlank()) {
            throw new ConfigException("introspection.url", "introspection needs the URL of the introspection endpoint",
                    "set url, e.g. https://idp.example.com/realms/demo/protocol/openid-connect/token/introspect");
        }
        String clientId = r.string("clientID");
        String clientSecret = r.string("clientSecret");
        if (clientSecret != null && clientId == null) {
            throw new ConfigException("introspection.clientSecret", "clientSecret is set without clientID", "set clientID too");
        }
        String method = r.string("authMethod");
        method = method == null ? "client_secret_basic" : method.toLowerCase(Locale.ROOT);
        if (!method.equals("client_secret_basic") && !method.equals("client_secret_post")) {
            throw new ConfigException("introspection.authMethod", "unknown authMethod '" + r.string("authMethod") + "'",
                    "write client_secret_basic (the default) or client_secret_post");
        }
        Map<String, String> headers = headers(r.map("headers"), clientId != null);
        int timeout = r.integer("timeoutSeconds", 5);
        if (timeout < 1 || timeout > 60) {
            throw new ConfigException("introspection.timeoutSeconds", "timeoutSeconds " + timeout + " is outside 1..60", "use a few seconds, e.g. 5");
        }
        int retries = r.integer("maxRetries", 3);
        if (retries < 0 || retries > 10) {
            throw new ConfigException("introspection.maxRetries", "maxRetries " + retries + " is outside 0..10", "use a small number, e.g. 3");
        }
        JwtConfig.Tls tls = JwtConfig.Tls.NONE;
        Map<String, ?> tlsMap = r.map("tls");
        if (tlsMap != null) {
            OptionReader t = new OptionReader("introspection.tls.", tlsMap, List.of("ca", "cert", "key", "insecureSkipVerify"));
            tls = new JwtConfig.Tls(t.string("ca"), t.string("cert"), t.string("key"), t.bool("insecureSkipVerify", false));
        }
        Duration ttl = duration(r, "cacheTtl", DEFAULT_CACHE_TTL, MAX_CACHE_TTL);
        Duration negative = duration(r, "negativeCacheTtl", DEFAULT_NEGATIVE_CACHE_TTL, MAX_NEGATIVE_CACHE_TTL);
        int size = r.integer("cacheSize", 10_000);
        if (size < 0 || size > 1_000_000) {
            throw new ConfigException("introspection.cacheSize", "cacheSize " + size + " is outside 0..1000000", "use e.g. 10000 (0: no cache)");
        }
        return new IntrospectionConfig(url.strip(), clientId, clientSecret, method, headers, r.string("tokenTypeHint"), timeout, retries,
                tls, ttl, negative, size);
    }

    private static Map<String, String> headers(Map<String, ?> map, boolean clientAuth) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        if (map == null) {
            return out;
        }
        for (Map.Entry<String, ?> e : map.entrySet()) {
            String path = "introspection.headers." + e.getKey();
            if (!HeaderNames.isValid(e.getKey())) {
                throw new ConfigException(path, "'" + e.getKey() + "' is not a valid header name", "use letters, digits and '-' only");
            }
            if (!(e.getValue() instanceof String value)) {
                throw new ConfigException(path, "expected a string value", "write the header value as a string, e.g. Authorization: Basic ZXhhbXBsZTpleGFtcGxl");
            }
            if (value.contains("{{")) {
                throw new ConfigException(path, "Go templates in header values are not supported",
                        "write the value itself (a secret reference such as urn:k8s:secret:<name>:<key> is resolved)");
            }
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new ConfigException(path, "the value contains CR, LF or NUL", "remove the line break");
            }
            String name = HeaderNames.canonical(e.getKey());
            if (List.of("Content-Type", "Content-Length", "Host", "Transfer-Encoding", "Connection").contains(name)) {
                throw new ConfigException(path, name + " is set by the introspection request itself", "remove this header");
            }
            if (clientAuth && name.equals("Authorization")) {
                throw new ConfigException(path, "an Authorization header and clientID are both set: the endpoint would see two client authentications",
                        "keep clientID/clientSecret, or the Authorization header, not both");
            }
            if (out.put(name, value) != null) {
                throw new ConfigException(path, "header " + e.getKey() + " is listed twice (header names ignore case)", "keep one entry");
            }
        }
        return out;
    }

    private static Duration duration(OptionReader r, String name, Duration defaultValue, Duration max) throws ConfigException {
        String text = r.string(name);
        if (text == null) {
            return defaultValue;
        }
        Duration d;
        try {
            d = GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("introspection." + name, e.getMessage(), "write a duration such as 30s or 5m (0s: not cached)");
        }
        if (d.isNegative() || d.compareTo(max) > 0) {
            throw new ConfigException("introspection." + name, name + " " + text + " is outside 0s.." + GoDuration.format(max),
                    "use a duration of at most " + GoDuration.format(max));
        }
        return d;
    }
}
