package io.jwtgate.jwt.claims;

import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.json.CompactJson;
import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.token.TokenRejected;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders {@code forwardHeaders} (section 5, decision 2): strings as is, numbers by literal text,
 * booleans as true/false, objects as compact JSON, arrays as one field per element, and a missing
 * (or null) claim as one empty field. A value with a control character other than HTAB (CR, LF and
 * NUL included) is never forwarded: the request is denied (attacks #26).
 */
public final class ForwardHeaders {

    /** Longest forwarded value; longer claims are refused rather than truncated. */
    public static final int MAX_VALUE_LENGTH = 8 * 1024;

    private final Map<String, ClaimPath> headers;

    /** @param headers canonical header name to claim path, in configuration order */
    public ForwardHeaders(Map<String, String> headers) {
        Map<String, ClaimPath> map = new LinkedHashMap<>();
        headers.forEach((name, path) -> map.put(name, ClaimPath.parse(path)));
        this.headers = java.util.Collections.unmodifiableMap(map);
    }

    public List<String> names() {
        return List.copyOf(headers.keySet());
    }

    public List<Map.Entry<String, String>> render(JsonValue.JsonObject claims) throws TokenRejected {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Map.Entry<String, ClaimPath> header : headers.entrySet()) {
            for (String value : values(header.getValue().lookup(claims))) {
                out.add(new AbstractMap.SimpleImmutableEntry<>(header.getKey(), checked(header.getKey(), value)));
            }
        }
        return List.copyOf(out);
    }

    /** Single-value rendering (usernameClaim, decision 15): array elements joined with commas; null when missing. */
    public static String single(JsonValue value) throws TokenRejected {
        if (value == null || value == JsonValue.JsonNull.INSTANCE) {
            return null;
        }
        return checked("usernameClaim", String.join(",", values(value)));
    }

    private static List<String> values(JsonValue value) {
        if (value instanceof JsonValue.JsonArray array) {
            if (array.elements().isEmpty()) {
                return List.of("");
            }
            List<String> out = new ArrayList<>(array.elements().size());
            for (JsonValue element : array.elements()) {
                out.add(text(element));
            }
            return out;
        }
        return List.of(text(value));
    }

    private static String text(JsonValue value) {
        if (value == null || value == JsonValue.JsonNull.INSTANCE) {
            return "";
        }
        String scalar = ClaimText.scalar(value);
        return scalar != null ? scalar : CompactJson.write(value);
    }

    private static String checked(String name, String value) throws TokenRejected {
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new TokenRejected(DenyReason.INVALID_HEADER_VALUE, name + ": claim value longer than " + MAX_VALUE_LENGTH);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new TokenRejected(DenyReason.INVALID_HEADER_VALUE,
                        name + ": claim value contains control character 0x" + Integer.toHexString(c));
            }
        }
        return value;
    }
}
