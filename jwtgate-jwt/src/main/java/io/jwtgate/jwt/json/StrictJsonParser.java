package io.jwtgate.jwt.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses token headers and payloads into {@link JsonValue} trees, refusing what an attacker could
 * use to make two parsers disagree: duplicate member names, trailing content, excessive nesting,
 * huge numbers or strings. Built on Jackson's streaming parser (no data binding on the hot path).
 */
public final class StrictJsonParser {

    /** Deepest nesting accepted in a token (real tokens use 2 or 3 levels). */
    public static final int MAX_DEPTH = 32;
    private static final int MAX_NUMBER_LENGTH = 100;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxStringLength(1 << 20)
                    .build())
            .build();

    /** Why a document was refused; the message never contains the document. */
    public static final class JsonRejected extends Exception {
        public JsonRejected(String message) {
            super(message, null, false, false);
        }
    }

    private StrictJsonParser() {}

    /** Parses one JSON object; anything else (array, scalar, trailing data) is refused. */
    public static JsonValue.JsonObject parseObject(byte[] utf8) throws JsonRejected {
        try (JsonParser parser = FACTORY.createParser(utf8)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new JsonRejected("not a JSON object");
            }
            JsonValue.JsonObject object = readObject(parser, 1);
            if (parser.nextToken() != null) {
                throw new JsonRejected("trailing data after the JSON object");
            }
            return object;
        } catch (IOException e) {
            // Jackson messages quote at most a short excerpt; keep only the first line.
            String msg = String.valueOf(e.getMessage());
            int nl = msg.indexOf('\n');
            throw new JsonRejected("invalid JSON: " + (nl < 0 ? msg : msg.substring(0, nl)));
        }
    }

    private static JsonValue.JsonObject readObject(JsonParser parser, int depth) throws IOException, JsonRejected {
        Map<String, JsonValue> members = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            members.put(name, readValue(parser, depth));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonRejected("unterminated object");
        }
        return new JsonValue.JsonObject(members);
    }

    private static JsonValue readValue(JsonParser parser, int depth) throws IOException, JsonRejected {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new JsonRejected("unexpected end of JSON");
        }
        return switch (token) {
            case VALUE_STRING -> new JsonValue.JsonString(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new JsonValue.JsonNumber(parser.getText());
            case VALUE_TRUE -> new JsonValue.JsonBool(true);
            case VALUE_FALSE -> new JsonValue.JsonBool(false);
            case VALUE_NULL -> JsonValue.JsonNull.INSTANCE;
            case START_OBJECT -> {
                checkDepth(depth + 1);
                yield readObject(parser, depth + 1);
            }
            case START_ARRAY -> {
                checkDepth(depth + 1);
                List<JsonValue> elements = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    elements.add(readValue(parser, depth + 1));
                }
                yield new JsonValue.JsonArray(elements);
            }
            default -> throw new JsonRejected("unexpected JSON token " + token);
        };
    }

    private static void checkDepth(int depth) throws JsonRejected {
        if (depth > MAX_DEPTH) {
            throw new JsonRejected("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
    }
}
