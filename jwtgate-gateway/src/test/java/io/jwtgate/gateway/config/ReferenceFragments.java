package io.jwtgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cuts a Traefik reference file (every key set at once, so several providers, every middleware type
 * in one file...) into fragments that each load meaningfully on their own, and lists leaf key paths.
 *
 * <p>A key path is written as jwtgate's {@link ConfigNode#path()} writes it, without list indexes;
 * {@link #generic} replaces Traefik's placeholder names ({@code EntryPoint0}, {@code Middleware12},
 * {@code name0}) by {@code <name>}, so that the key of every router, middleware or header is one row.
 */
final class ReferenceFragments {

    /**
     * Traefik's generated placeholders for names the user chooses (EntryPoint0, TCPRouter1, Service05, name0, PluginConf0), and
     * the status codes a patch writes where a placeholder stood ({@code statusRewrites}).
     */
    private static final Pattern PLACEHOLDER = Pattern.compile("^(?:[A-Z][A-Za-z]*\\d+|name\\d+|\\d+)$");
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

    private ReferenceFragments() {}

    /** One fragment: the subtree at {@code path} (a concrete path, dots between keys) alone in a document. */
    record Fragment(String path, ObjectNode document) {}

    /**
     * The fragments of {@code root}: every subtree whose path matches one of {@code splits} (keys or
     * {@code *}) is one fragment, and every other top-level or intermediate key not below a split is
     * one too.
     */
    static List<Fragment> split(JsonNode root, List<String> splits) {
        List<Fragment> out = new ArrayList<>();
        split(root, "", splits, out);
        return out;
    }

    private static void split(JsonNode node, String path, List<String> splits, List<Fragment> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            boolean exact = splits.stream().anyMatch(s -> matches(s, child));
            boolean above = splits.stream().anyMatch(s -> matchesPrefix(s, child));
            if (!exact && above && e.getValue().isObject()) {
                split(e.getValue(), child, splits, out);
            } else {
                out.add(new Fragment(child, only(child, e.getValue())));
            }
        }
    }

    private static boolean matches(String pattern, String path) {
        String[] p = pattern.split("\\.");
        String[] k = path.split("\\.");
        if (p.length != k.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!p[i].equals("*") && !p[i].equals(k[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesPrefix(String pattern, String path) {
        String[] p = pattern.split("\\.");
        int depth = path.split("\\.").length;
        if (p.length <= depth) {
            return false;
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            prefix.append(i == 0 ? "" : ".").append(p[i]);
        }
        return matches(prefix.toString(), path);
    }

    /** A document holding {@code value} at {@code path} and nothing else. */
    private static ObjectNode only(String path, JsonNode value) {
        ObjectNode doc = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        ObjectNode cur = doc;
        String[] keys = path.split("\\.");
        for (int i = 0; i < keys.length - 1; i++) {
            cur = cur.putObject(keys[i]);
        }
        cur.set(keys[keys.length - 1], value.deepCopy());
        return doc;
    }

    /** Copies {@code from} into {@code into}, maps merged key by key (the fragment's values win). */
    static ObjectNode merge(ObjectNode into, JsonNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode o && e.getValue().isObject()) {
                merge(o, e.getValue());
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return into;
    }

    /**
     * The leaf key paths below {@code node} (scalars, lists of scalars, empty maps; the keys of list
     * elements that are maps), without list indexes, in document order.
     */
    static Set<String> leaves(JsonNode node, String path) {
        Set<String> out = new LinkedHashSet<>();
        leaves(node, path, out);
        return out;
    }

    private static void leaves(JsonNode node, String path, Set<String> out) {
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(e -> leaves(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
        } else if (node.isArray() && node.size() > 0 && node.get(0).isObject()) {
            node.forEach(element -> leaves(element, path, out));
        } else {
            out.add(path);
        }
    }

    /** A path as jwtgate writes it, without list indexes. */
    static String withoutIndexes(String path) {
        return INDEX.matcher(path).replaceAll("");
    }

    /** The path with Traefik's placeholder names replaced by {@code <name>}. */
    static String generic(String path) {
        StringBuilder b = new StringBuilder();
        for (String key : withoutIndexes(path).split("\\.")) {
            b.append(b.isEmpty() ? "" : ".").append(PLACEHOLDER.matcher(key).matches() ? "<name>" : key);
        }
        return b.toString();
    }
}
