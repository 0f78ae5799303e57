package io.jwtgate.gateway.middleware;

import io.jwtgate.gateway.config.ConfigException;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.FieldSyntax;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Traefik middleware types jwtgate implements besides the JWT plugin, and their option parsing. */
public final class BuiltinMiddlewares {

    private BuiltinMiddlewares() {}

    public static void register(Map<String, MiddlewareType> registry) {
        registry.put("stripPrefix", (config, ctx) -> {
            ConfigNode o = config.options();
            o.warnUnknownKeys(Set.of("prefixes", "forceSlash"), ctx.warnings());
            List<String> prefixes = o.get("prefixes").stringList();
            if (prefixes.isEmpty()) {
                throw o.get("prefixes").error("needs at least one prefix", "write `prefixes: [/api]`");
            }
            return new StripPrefixMiddleware(prefixes);
        });
        registry.put("addPrefix", (config, ctx) -> {
            ConfigNode prefix = config.options().get("prefix");
            String p = prefix.requiredString();
            if (!p.startsWith("/")) {
                throw prefix.error("must start with '/'", "write `prefix: /api`");
            }
            return new AddPrefixMiddleware(p);
        });
        registry.put("headers", (config, ctx) -> {
            ConfigNode o = config.options();
            o.warnUnknownKeys(Set.of("customRequestHeaders", "customResponseHeaders"), ctx.warnings());
            return new HeadersMiddleware(headerMap(o.get("customRequestHeaders")), headerMap(o.get("customResponseHeaders")));
        });
    }

    /** Header names and values checked here, so a bad value is a configuration error, not a failed request. */
    private static Map<String, String> headerMap(ConfigNode n) throws ConfigException {
        Map<String, String> headers = stringMap(n);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (!FieldSyntax.isToken(h.getKey())) {
                throw n.get(h.getKey()).error("'" + h.getKey() + "' is not a valid header name",
                        "use letters, digits and '-' only, e.g. X-Request-Source");
            }
            if (!FieldSyntax.isValidValue(h.getValue())) {
                throw n.get(h.getKey()).error("the value contains a control character (CR, LF, NUL...)",
                        "write the value on one line without control characters");
            }
        }
        return headers;
    }

    private static Map<String, String> stringMap(ConfigNode n) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.fields().entrySet()) {
            out.put(e.getKey(), e.getValue().string(""));
        }
        return out;
    }
}
