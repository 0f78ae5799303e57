package io.jwtgate.jwt.config;

import io.jwtgate.expr.ClosestName;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed, case-insensitive reading of a YAML/JSON option map (Traefik tutorials write {@code signingsecret}).
 * Every error names the key path, the expected type and the closest known option.
 */
public final class OptionReader {

    private final String prefix;
    private final Map<String, Map.Entry<String, Object>> byLowerName = new LinkedHashMap<>();

    /** @param prefix key path of this map, "" for the plugin.jwt block, "clientConfig." for a child */
    public OptionReader(String prefix, Map<String, ?> options, List<String> knownNames) throws ConfigException {
        this.prefix = prefix;
        if (options == null) {
            return;
        }
        for (Map.Entry<String, ?> e : options.entrySet()) {
            String key = String.valueOf(e.getKey());
            String lower = key.toLowerCase(Locale.ROOT);
            String known = knownNames.stream().filter(k -> k.toLowerCase(Locale.ROOT).equals(lower)).findFirst().orElse(null);
            if (known == null) {
                throw new ConfigException(prefix + key, "unknown option '" + key + "'", suggestion(key, knownNames));
            }
            if (byLowerName.containsKey(lower)) {
                throw new ConfigException(prefix + key, "option '" + known + "' is set twice (option names ignore case)",
                        "keep only one of '" + byLowerName.get(lower).getKey() + "' and '" + key + "'");
            }
            byLowerName.put(lower, Map.entry(key, e.getValue() == null ? NULL : e.getValue()));
        }
    }

    private static final Object NULL = new Object();

    /** The value as written (any type), null when unset or null: for options passed on to another reader. */
    public Object value(String name) {
        return raw(name);
    }

    private Object raw(String name) {
        Map.Entry<String, Object> e = byLowerName.get(name.toLowerCase(Locale.ROOT));
        return e == null || e.getValue() == NULL ? null : e.getValue();
    }

    public String path(String name) {
        return prefix + name;
    }

    /** A string; numbers are accepted and written in decimal (YAML reads {@code 12345} as a number). Empty means unset (null). */
    public String string(String name) throws ConfigException {
        Object v = raw(name);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s.isEmpty() ? null : s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        throw typeError(name, "a string", v);
    }

    public boolean bool(String name, boolean defaultValue) throws ConfigException {
        Object v = raw(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && Scalars.bool(s) != null) {
            return Scalars.bool(s);
        }
        throw typeError(name, "a boolean (true or false)", v);
    }

    public int integer(String name, int defaultValue) throws ConfigException {
        Object v = raw(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            long l = ((Number) v).longValue();
            if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return (int) l;
            }
        }
        if (v instanceof String s) {
            Long l = Scalars.integer(s);
            if (l != null && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return l.intValue();
            }
        }
        throw typeError(name, "an integer", v);
    }

    public Map<String, ?> map(String name) throws ConfigException {
        Object v = raw(name);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), val));
            return out;
        }
        throw typeError(name, "a map (key: value lines)", v);
    }

    public List<?> list(String name) throws ConfigException {
        Object v = raw(name);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        throw typeError(name, "a list", v);
    }

    private ConfigException typeError(String name, String expected, Object actual) {
        return new ConfigException(prefix + name, "expected " + expected + " but found " + describe(actual),
                "write " + name + " as " + expected);
    }

    static String describe(Object v) {
        return switch (v) {
            case Map<?, ?> ignored -> "a map";
            case List<?> ignored -> "a list";
            case String ignored -> "a string";
            case Boolean b -> "the boolean " + b;
            case Number n -> "the number " + n;
            default -> v.getClass().getSimpleName();
        };
    }

    /** "did you mean X?" using the edit distance on lower-case names. */
    public static String suggestion(String key, List<String> knownNames) {
        String best = ClosestName.of(key, knownNames);
        if (best != null) {
            return "did you mean '" + best + "'? (known options: " + String.join(", ", knownNames) + ")";
        }
        return "remove it; known options are " + String.join(", ", knownNames);
    }
}
