package io.jwtgate.gateway.middleware.mcp;

import java.util.List;
import java.util.Map;

/**
 * What a policy reads about one JSON-RPC call: {@code mcp.method}, {@code mcp.params} (the call's
 * parameters as plain values) and {@code jwt} (the claims an earlier JWT middleware verified, never
 * an unverified token's). Values are String, Boolean, null, List, Map and
 * {@link io.jwtgate.jwt.json.JsonValue.JsonNumber} (numbers keep their literal text), as
 * {@code VerifiedClaims} holds them.
 *
 * @param params the call's {@code params} (a Map, a List, or null when absent)
 */
record CallView(String method, Object params, Map<String, Object> claims) {

    CallView {
        claims = claims == null ? Map.of() : claims;
    }

    /** The call a list entry stands for: {@code tools/call} of a listed tool, {@code resources/read} of a listed resource. */
    static CallView asCall(String method, String member, String value, Map<String, Object> claims) {
        return new CallView(method, Map.of(member, value), claims);
    }

    /** The value at {@code path}, or null when absent (a missing member, or a step into a value that is not an object). */
    Object lookup(ValuePath path) {
        Object current = switch (path.root()) {
            case METHOD -> method;
            case PARAMS -> params;
            case JWT -> claims;
        };
        for (String segment : path.segments()) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(segment);
        }
        return current;
    }

    /** A path into a call: where it starts ({@code mcp.method}, {@code mcp.params}, {@code jwt}) and the object keys after it. */
    record ValuePath(Root root, List<String> segments, String source) {

        enum Root { METHOD, PARAMS, JWT }

        ValuePath {
            segments = List.copyOf(segments);
        }

        /**
         * Parses {@code mcp.method}, {@code mcp.params[.key...]} or {@code jwt.claim[.key...]}; keys
         * follow the claims language: {@code .} separates, {@code \.} is a dot and {@code \\} a
         * backslash inside a key. Null when the path names none of these.
         */
        static ValuePath parse(String source) {
            List<String> keys = splitKeys(source);
            if (keys.size() >= 2 && keys.get(0).equals("mcp") && keys.get(1).equals("method")) {
                return keys.size() == 2 ? new ValuePath(Root.METHOD, List.of(), source) : null;
            }
            if (keys.size() >= 2 && keys.get(0).equals("mcp") && keys.get(1).equals("params")) {
                return new ValuePath(Root.PARAMS, keys.subList(2, keys.size()), source);
            }
            if (keys.size() >= 2 && keys.get(0).equals("jwt") && keys.stream().skip(1).noneMatch(String::isEmpty)) {
                return new ValuePath(Root.JWT, keys.subList(1, keys.size()), source);
            }
            return null;
        }

        private static List<String> splitKeys(String source) {
            List<String> keys = new java.util.ArrayList<>();
            StringBuilder key = new StringBuilder();
            int i = 0;
            while (i < source.length()) {
                char c = source.charAt(i++);
                boolean escaped = c == '\\' && i < source.length() && (source.charAt(i) == '.' || source.charAt(i) == '\\');
                if (escaped) {
                    key.append(source.charAt(i++));
                } else if (c == '.') {
                    keys.add(key.toString());
                    key = new StringBuilder();
                } else {
                    key.append(c);
                }
            }
            keys.add(key.toString());
            return keys;
        }
    }
}
