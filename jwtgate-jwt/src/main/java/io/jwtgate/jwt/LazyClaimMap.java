package io.jwtgate.jwt;

import io.jwtgate.jwt.json.JsonValue;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * The plain-Java claim map of {@link AuthOutcome.Allowed}, converted from the parsed payload only when
 * someone reads it: the gateway never does on the request path, and building it cost a map per request.
 * Unmodifiable, like the eager conversion it replaces; safe to share between threads (idempotent init).
 */
final class LazyClaimMap extends AbstractMap<String, Object> {

    private final JsonValue.JsonObject payload;
    private volatile Map<String, Object> converted;

    LazyClaimMap(JsonValue.JsonObject payload) {
        this.payload = payload;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map() {
        Map<String, Object> m = converted;
        if (m == null) {
            m = (Map<String, Object>) JsonValue.toJava(payload);
            converted = m;
        }
        return m;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return map().entrySet();
    }

    @Override
    public Object get(Object key) {
        return map().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return payload.members().containsKey(key);
    }

    @Override
    public int size() {
        return payload.members().size();
    }
}
