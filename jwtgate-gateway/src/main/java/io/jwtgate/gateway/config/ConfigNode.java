package io.jwtgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.jwtgate.expr.ClosestName;
import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.config.GoDuration;
import io.jwtgate.jwt.config.Scalars;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A position in a configuration document: the YAML/JSON node, the file it came from and the key
 * path that leads to it. Keys are looked up case-insensitively, as Traefik does, and every
 * conversion error names the file and the key path.
 */
public final class ConfigNode {

    private final JsonNode node;
    private final String source;
    private final String path;
    /** Told the key path of every value read; null except in the test that checks no Traefik key is silently ignored. */
    private final Consumer<String> reads;

    public ConfigNode(JsonNode node, String source, String path) {
        this(node, source, path, null);
    }

    private ConfigNode(JsonNode node, String source, String path, Consumer<String> reads) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.source = source;
        this.path = path;
        this.reads = reads;
    }

    /**
     * This node, reporting to {@code reads} the key path of every value read from it or below it
     * (scalars, lists and maps, not {@link #toPlain} copies): how a test tells keys jwtgate reads from keys it ignores.
     */
    public ConfigNode recordingReads(Consumer<String> reads) {
        return new ConfigNode(node, source, path, reads);
    }

    private ConfigNode child(JsonNode child, String childPath) {
        return new ConfigNode(child, source, childPath, reads);
    }

    private void read() {
        if (reads != null && !isMissing()) {
            reads.accept(path);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper PLAIN = new com.fasterxml.jackson.databind.ObjectMapper();

    /** A node for values a provider computed (maps, lists, strings, numbers, booleans), e.g. the servers of a Kubernetes Service. */
    public static ConfigNode of(Object plain, String source, String path) {
        return new ConfigNode(PLAIN.valueToTree(plain), source, path);
    }

    /** An absent node (every read returns the default). */
    public static ConfigNode missing(String source, String path) {
        return new ConfigNode(MissingNode.getInstance(), source, path);
    }

    public String source() {
        return source;
    }

    public String path() {
        return path;
    }

    public boolean isMissing() {
        return node.isMissingNode() || node.isNull();
    }

    public boolean isObject() {
        return node.isObject();
    }

    /** The child with this key, matched case-insensitively; a missing node when absent. */
    public ConfigNode get(String key) {
        String childPath = path.isEmpty() ? key : path + "." + key;
        if (!node.isObject()) {
            return child(MissingNode.getInstance(), childPath);
        }
        JsonNode exact = node.get(key);
        if (exact != null) {
            return child(exact, childPath);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(key)) {
                return child(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
            }
        }
        return child(MissingNode.getInstance(), childPath);
    }

    public boolean has(String key) {
        ConfigNode child = get(key);
        boolean present = !child.isMissing() || (node.isObject() && hasKeyIgnoreCase(key));
        if (present) {
            child.read(); // a presence test reads the key: `healthCheck: {}` switches health reporting on
        }
        return present;
    }

    private boolean hasKeyIgnoreCase(String key) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            if (it.next().equalsIgnoreCase(key)) {
                return true;
            }
        }
        return false;
    }

    /** Object members in document order, keeping the names as written. */
    public Map<String, ConfigNode> fields() throws ConfigException {
        if (isMissing() || node.isTextual() && node.asText().isEmpty()) {
            // `services:` with nothing (or only comments) under it: Go's YAML reads null, an empty section for
            // Traefik; Jackson reads the empty plain scalar as "" (a quoted "" is accepted the same way)
            return Map.of();
        }
        if (!node.isObject()) {
            throw error("expected a map of names to settings, found " + kind(), "write it as `key: value` lines indented under " + lastKey());
        }
        read();
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), child(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey()));
        }
        return out;
    }

    /** List elements; a single scalar is accepted as a one-element list (Traefik's parser does the same). */
    public List<ConfigNode> elements() throws ConfigException {
        if (isMissing()) {
            return List.of();
        }
        read();
        List<ConfigNode> out = new ArrayList<>();
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(child(node.get(i), path + "[" + i + "]"));
            }
            return out;
        }
        if (node.isValueNode()) {
            return List.of(this);
        }
        throw error("expected a list, found " + kind(), "write it as `- item` lines under " + lastKey());
    }

    public List<String> stringList() throws ConfigException {
        List<String> out = new ArrayList<>();
        for (ConfigNode e : elements()) {
            String s = e.string(null);
            if (s != null) {
                // "a,b" in a single scalar is how Traefik flags and labels write lists.
                for (String part : s.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
            }
        }
        return out;
    }

    public String string(String defaultValue) throws ConfigException {
        read();
        if (isMissing()) {
            return defaultValue;
        }
        if (!node.isValueNode()) {
            throw error("expected a single value, found " + kind(), "give " + lastKey() + " one value");
        }
        return node.asText();
    }

    public String requiredString() throws ConfigException {
        String s = string(null);
        if (s == null || s.isBlank()) {
            throw error("is required but missing or empty", "set " + lastKey());
        }
        return s;
    }

    public boolean bool(boolean defaultValue) throws ConfigException {
        read();
        if (isMissing()) {
            return defaultValue;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isValueNode() && Scalars.bool(node.asText()) != null) {
            return Scalars.bool(node.asText());
        }
        throw error("expected true or false, found '" + node.asText() + "'", "write true or false");
    }

    public long integer(long defaultValue) throws ConfigException {
        read();
        if (isMissing()) {
            return defaultValue;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isTextual() && Scalars.integer(node.asText()) != null) {
            return Scalars.integer(node.asText());
        }
        throw error("expected a whole number, found '" + node.asText() + "'", "write a number such as 10");
    }

    public Duration duration(Duration defaultValue) throws ConfigException {
        read();
        if (isMissing()) {
            return defaultValue;
        }
        try {
            // A YAML number reads as its text: GoDuration takes a bare whole number as seconds.
            Duration d = GoDuration.parse(node.asText());
            if (d.isNegative()) {
                throw error("must not be negative", "use a duration such as 30s");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage(), "use a duration such as 30s, 1m30s or 250ms");
        }
    }

    /** The node as plain Java values (Map, List, String, Boolean, Number), for plugin options. */
    public Object toPlain() {
        return toPlain(node);
    }

    private static Object toPlain(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), toPlain(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(e -> l.add(toPlain(e)));
            return l;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isNumber()) {
            return n.numberValue();
        }
        return n.asText();
    }

    /** Logs one warning per key that this version does not understand, with the closest known key. */
    public void warnUnknownKeys(Set<String> known, Consumer<String> warn) {
        if (!node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            boolean found = known.stream().anyMatch(k -> k.equalsIgnoreCase(key));
            if (!found) {
                String hint = closest(key, known);
                warn.accept(Unsupported.message(source, path.isEmpty() ? key : path + "." + key, "ignored"
                        + (hint == null ? "" : " (did you mean '" + hint + "'?)")));
            }
        }
    }

    /** Logs one warning per key of {@code traefikKeys} that is present: a Traefik option this version reads without effect. */
    public void warnIgnoredKeys(Set<String> traefikKeys, Consumer<String> warn) {
        for (String key : traefikKeys) {
            if (has(key)) {
                warn.accept(Unsupported.message(source, get(key).path(), "read without effect (remove it, or expect Traefik's"
                        + " behaviour for it to be missing)"));
            }
        }
    }

    public ConfigException error(String problem, String fix) {
        return new ConfigException(source, path, problem, fix);
    }

    private String lastKey() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? (path.isEmpty() ? "the document" : path) : path.substring(dot + 1);
    }

    private String kind() {
        if (node.isObject()) {
            return "a map";
        }
        if (node.isArray()) {
            return "a list";
        }
        return "'" + node.asText() + "'";
    }

    /** The known key nearest in edit distance, when it is plausibly a typo. */
    public static String closest(String key, Set<String> known) {
        return ClosestName.of(key, known);
    }
}
