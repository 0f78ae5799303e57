package io.jwtgate.jwt.claims;

import io.jwtgate.jwt.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * A claim path (section 7.4): {@code .} separates object levels, {@code \.} is a literal dot,
 * {@code \\} a literal backslash, any other backslash is kept as is. No array indexing.
 */
public record ClaimPath(String source, List<String> segments) {

    public ClaimPath {
        segments = List.copyOf(segments);
    }

    public static ClaimPath parse(String path) {
        if (path == null || path.isEmpty()) {
            return new ClaimPath(path == null ? "" : path, List.of());
        }
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && i + 1 < path.length() && (path.charAt(i + 1) == '.' || path.charAt(i + 1) == '\\')) {
                current.append(path.charAt(++i));
            } else if (c == '.') {
                segments.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        segments.add(current.toString());
        return new ClaimPath(path, segments);
    }

    /** The value at this path, or null when absent, when an intermediate is not an object, or when the path is empty. */
    public JsonValue lookup(JsonValue.JsonObject claims) {
        if (segments.isEmpty()) {
            return null;
        }
        JsonValue current = claims;
        for (String segment : segments) {
            if (!(current instanceof JsonValue.JsonObject object)) {
                return null;
            }
            current = object.get(segment);
            if (current == null) {
                return null;
            }
        }
        return current;
    }
}
