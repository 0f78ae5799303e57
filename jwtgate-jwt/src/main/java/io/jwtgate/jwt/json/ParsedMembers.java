package io.jwtgate.jwt.json;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The read-only members of a parsed {@link JsonValue.JsonObject}. Only {@link StrictJsonParser} creates
 * one, from a map it built and then lets go of, so {@code JsonObject} can keep it without the defensive
 * copy it makes of any other map (one map copy less per token on the hot path).
 */
final class ParsedMembers extends AbstractMap<String, JsonValue> {

    private final Map<String, JsonValue> map;
    private final Map<String, JsonValue> view;

    ParsedMembers(LinkedHashMap<String, JsonValue> map) {
        this.map = map;
        this.view = Collections.unmodifiableMap(map);
    }

    @Override
    public JsonValue get(Object key) {
        return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public Set<Entry<String, JsonValue>> entrySet() {
        return view.entrySet();
    }

    @Override
    public Set<String> keySet() {
        return view.keySet();
    }

    @Override
    public Collection<JsonValue> values() {
        return view.values();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super JsonValue> action) {
        map.forEach(action);
    }
}
