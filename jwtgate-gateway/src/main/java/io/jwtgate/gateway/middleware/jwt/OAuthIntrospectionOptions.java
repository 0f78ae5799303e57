package io.jwtgate.gateway.middleware.jwt;

import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.config.OptionReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traefik Hub's {@code oAuthIntrospection} options ({@code tokenSource}, {@code clientConfig}, {@code tokenTypeHint},
 * {@code forwardHeaders}, {@code claims}) as the options of a JWT middleware with {@code introspection} and no key
 * source, which introspects every token. Extensions: {@code clientConfig.clientID}, {@code clientConfig.clientSecret},
 * {@code clientConfig.authMethod} (the client authentication built for you instead of an {@code Authorization} header),
 * {@code cacheTtl}, {@code negativeCacheTtl}, {@code cacheSize}, {@code usernameClaim}, {@code audiences}, {@code issuer},
 * {@code forwardAuthorization}, {@code wwwAuthenticate}.
 */
final class OAuthIntrospectionOptions {

    static final List<String> OPTIONS = List.of("tokenSource", "clientConfig", "tokenTypeHint", "forwardHeaders", "claims",
            "cacheTtl", "negativeCacheTtl", "cacheSize", "usernameClaim", "audiences", "issuer", "forwardAuthorization", "wwwAuthenticate");
    private static final List<String> PASSED_ON = List.of("forwardHeaders", "claims", "usernameClaim", "audiences", "issuer",
            "forwardAuthorization", "wwwAuthenticate");
    private static final List<String> CACHE = List.of("cacheTtl", "negativeCacheTtl", "cacheSize");
    private static final List<String> CLIENT = List.of("url", "headers", "tls", "timeoutSeconds", "maxRetries", "clientID", "clientSecret",
            "authMethod");

    private OAuthIntrospectionOptions() {}

    static Map<String, Object> toJwtOptions(Map<String, Object> hub) throws ConfigException {
        OptionReader r = new OptionReader("", hub, OPTIONS);
        Map<String, Object> jwt = new LinkedHashMap<>();
        tokenSource(r.map("tokenSource"), jwt);
        Map<String, ?> client = r.map("clientConfig");
        if (client == null) {
            throw new ConfigException("clientConfig", "clientConfig is required: it names the introspection endpoint",
                    "add clientConfig.url, e.g. https://idp.example.com/realms/demo/protocol/openid-connect/token/introspect");
        }
        OptionReader c = new OptionReader("clientConfig.", client, CLIENT);
        Map<String, Object> introspection = new LinkedHashMap<>();
        for (String name : CLIENT) {
            if (c.value(name) != null) {
                introspection.put(name, c.value(name));
            }
        }
        if (r.value("tokenTypeHint") != null) {
            introspection.put("tokenTypeHint", r.value("tokenTypeHint"));
        }
        for (String name : CACHE) {
            if (r.value(name) != null) {
                introspection.put(name, r.value(name));
            }
        }
        jwt.put("introspection", introspection);
        for (String name : PASSED_ON) {
            if (r.value(name) != null) {
                jwt.put(name, r.value(name));
            }
        }
        return jwt;
    }

    /** {@code tokenSource}: at least one of header (with headerAuthScheme for Authorization), query, cookie. */
    private static void tokenSource(Map<String, ?> map, Map<String, Object> jwt) throws ConfigException {
        if (map == null) {
            throw new ConfigException("tokenSource", "tokenSource is required: it says where the client's token is",
                    "add tokenSource with header: Authorization and headerAuthScheme: Bearer (or query, or cookie)");
        }
        OptionReader t = new OptionReader("tokenSource.", map, List.of("header", "headerAuthScheme", "query", "cookie"));
        String header = t.string("header");
        String scheme = t.string("headerAuthScheme");
        String query = t.string("query");
        String cookie = t.string("cookie");
        if (header == null && query == null && cookie == null) {
            throw new ConfigException("tokenSource", "tokenSource names no source: at least one of header, query and cookie must be set",
                    "set header: Authorization with headerAuthScheme: Bearer");
        }
        if (header != null) {
            boolean authorization = header.equalsIgnoreCase("Authorization");
            if (authorization && scheme != null && !scheme.equalsIgnoreCase("Bearer")) {
                throw new ConfigException("tokenSource.headerAuthScheme", "scheme '" + scheme + "' is not supported: jwtgate reads the "
                        + "Authorization header with the Bearer scheme (RFC 6750)", "write headerAuthScheme: Bearer, or use another header");
            }
            if (authorization && scheme == null) {
                throw new ConfigException("tokenSource.headerAuthScheme", "header is Authorization but headerAuthScheme is not set",
                        "write headerAuthScheme: Bearer");
            }
            if (!authorization && scheme != null) {
                throw new ConfigException("tokenSource.headerAuthScheme", "headerAuthScheme applies to the Authorization header only; "
                        + header + " carries the bare token", "remove headerAuthScheme, or use header: Authorization");
            }
            jwt.put("headerName", header);
        }
        if (query != null) {
            jwt.put("tokenKey", query);
        }
        if (cookie != null) {
            jwt.put("tokenCookie", cookie);
        }
    }

    /** A JWT option's key path as the oAuthIntrospection user wrote it, for error messages. */
    static String hubPath(String jwtPath) {
        if (jwtPath.equals("headerName")) {
            return "tokenSource.header";
        }
        if (jwtPath.equals("tokenKey")) {
            return "tokenSource.query";
        }
        if (jwtPath.equals("tokenCookie")) {
            return "tokenSource.cookie";
        }
        if (jwtPath.startsWith("introspection.")) {
            String rest = jwtPath.substring("introspection.".length());
            String first = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
            return CACHE.contains(first) || first.equals("tokenTypeHint") ? rest : "clientConfig." + rest;
        }
        return jwtPath.isEmpty() ? "clientConfig" : jwtPath;
    }
}
