package io.jwtgate.jwt.json;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable JSON tree as found in a token header or payload.
 * Numbers keep their literal text, because Traefik compares and forwards numbers as written
 * ({@code 1} is not {@code 1.0}, {@code 1700000000} is forwarded as is).
 */
public sealed interface JsonValue {

    /** A JSON string. */
    record JsonString(String value) implements JsonValue {}

    /** A JSON number, kept as the exact text of the token. */
    record JsonNumber(String literal) implements JsonValue {
        /** Exact value; throws NumberFormatException for exponents beyond the BigDecimal range. */
        public BigDecimal toBigDecimal() {
            return new BigDecimal(literal);
        }

        @Override
        public String toString() {
            return literal;
        }
    }

    /** {@code true} or {@code false}. */
    record JsonBool(boolean value) implements JsonValue {
        public static final JsonBool TRUE = new JsonBool(true);
        public static final JsonBool FALSE = new JsonBool(false);
    }

    /** {@code null}. */
    enum JsonNull implements JsonValue { INSTANCE }

    /** A JSON array. */
    record JsonArray(List<JsonValue> elements) implements JsonValue {
        public JsonArray {
            elements = List.copyOf(elements);
        }
    }

    /** A JSON object; member order is kept (duplicates are refused by the parser). */
    record JsonObject(Map<String, JsonValue> members) implements JsonValue {
        public JsonObject {
            if (!(members instanceof ParsedMembers)) {
                members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
            }
        }

        /** For the parser: takes ownership of a map nobody else holds, without copying it (hot path). */
        static JsonObject trusted(LinkedHashMap<String, JsonValue> members) {
            return new JsonObject(new ParsedMembers(members));
        }

        public JsonValue get(String name) {
            return members.get(name);
        }

        /** The member as a string, or null when it is absent or not a string. */
        public String string(String name) {
            return members.get(name) instanceof JsonString s ? s.value() : null;
        }
    }

    /**
     * Plain Java view for consumers outside this module: String, Boolean, null, List, Map,
     * and {@link JsonNumber} for numbers (so that their literal text survives).
     */
    static Object toJava(JsonValue value) {
        return switch (value) {
            case JsonString s -> s.value();
            case JsonNumber n -> n;
            case JsonBool b -> b.value();
            case JsonNull ignored -> null;
            case JsonArray a -> Collections.unmodifiableList(a.elements().stream().map(JsonValue::toJava)
                    .collect(java.util.ArrayList::new, java.util.ArrayList::add, java.util.ArrayList::addAll));
            case JsonObject o -> {
                Map<String, Object> out = new LinkedHashMap<>();
                o.members().forEach((k, v) -> out.put(k, toJava(v)));
                yield Collections.unmodifiableMap(out);
            }
        };
    }
}
