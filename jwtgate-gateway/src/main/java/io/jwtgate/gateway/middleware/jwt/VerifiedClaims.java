package io.jwtgate.gateway.middleware.jwt;

import io.jwtgate.gateway.http.ExchangeKey;
import io.jwtgate.jwt.json.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * The claims of the token a JWT middleware verified for this exchange, for the middlewares after
 * it (a {@code sourceCriterion.requestClaim} groups rate limits by client). Set on the exchange
 * under {@link #KEY} only when a JWT middleware let the request through.
 *
 * @param claims String, Boolean, null, List, Map and {@link JsonValue.JsonNumber} values, as the library gives them
 */
public record VerifiedClaims(Map<String, Object> claims) {

    public static final ExchangeKey<VerifiedClaims> KEY = new ExchangeKey<>("verified claims", VerifiedClaims.class);

    public VerifiedClaims {
        claims = claims == null ? Map.of() : claims;
    }

    /**
     * The claim's value as text, or null when absent: a top-level claim of that exact name, else a
     * dotted path into nested objects ({@code realm_access.roles}). Numbers keep their literal
     * text; arrays are their elements joined with commas.
     */
    public String text(String name) {
        Object value = claims.containsKey(name) ? claims.get(name) : nested(name);
        return value == null ? null : render(value);
    }

    private Object nested(String path) {
        Object current = claims;
        for (String part : path.split("\\.", -1)) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    private static String render(Object value) {
        if (value instanceof List<?> list) {
            StringBuilder b = new StringBuilder();
            for (Object element : list) {
                if (!b.isEmpty()) {
                    b.append(',');
                }
                b.append(element == null ? "" : render(element));
            }
            return b.toString();
        }
        return String.valueOf(value);
    }
}
