package io.jwtgate.jwt.claims;

import io.jwtgate.jwt.json.JsonValue;

/** The textual value of a scalar claim, as Traefik compares and forwards it. */
public final class ClaimText {

    private ClaimText() {}

    /** Strings as is, numbers by their literal JSON text, booleans as {@code true}/{@code false}; null otherwise. */
    public static String scalar(JsonValue value) {
        return switch (value) {
            case JsonValue.JsonString s -> s.value();
            case JsonValue.JsonNumber n -> n.literal();
            case JsonValue.JsonBool b -> b.value() ? "true" : "false";
            case null, default -> null;
        };
    }

    /** Strings and numbers only: what {@code OneOf} compares (booleans never match, section 7.2). */
    public static String stringOrNumber(JsonValue value) {
        return switch (value) {
            case JsonValue.JsonString s -> s.value();
            case JsonValue.JsonNumber n -> n.literal();
            case null, default -> null;
        };
    }
}
