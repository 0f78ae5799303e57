package io.jwtgate.jwt.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference the hand-written {@link StrictJsonParser} is checked against: Jackson's streaming parser
 * in strict mode (duplicate detection, depth and number-length limits), building the same {@link JsonValue}
 * tree. This was the production parser before the hand-written one replaced it on the hot path.
 */
final class JacksonReference {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(StrictJsonParser.MAX_DEPTH)
                    .maxNumberLength(StrictJsonParser.MAX_NUMBER_LENGTH)
                    .build())
            .build();

    private JacksonReference() {}

    /** The tree, or null when Jackson refuses the document. */
    static JsonValue.JsonObject parse(byte[] utf8) {
        try (JsonParser parser = FACTORY.createParser(utf8)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonValue.JsonObject object = readObject(parser);
            return parser.nextToken() == null ? object : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Documents where the hand-written parser is deliberately stricter than Jackson: bytes that are not
     * strict UTF-8 (Jackson does not check overlong forms or encoded surrogates), a byte-order mark, or NUL
     * bytes (Jackson then guesses UTF-16 or UTF-32; RFC 8259 requires UTF-8).
     */
    static boolean stricterByDesign(byte[] doc) {
        for (byte b : doc) {
            if (b == 0) {
                return true;
            }
        }
        if (doc.length >= 3 && (doc[0] & 0xff) == 0xef && (doc[1] & 0xff) == 0xbb && (doc[2] & 0xff) == 0xbf) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(doc));
            return false;
        } catch (CharacterCodingException e) {
            return true;
        }
    }

    private static JsonValue.JsonObject readObject(JsonParser parser) throws IOException {
        Map<String, JsonValue> members = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            members.put(name, readValue(parser));
        }
        return new JsonValue.JsonObject(members);
    }

    private static JsonValue readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new IOException("end of input");
        }
        return switch (token) {
            case VALUE_STRING -> new JsonValue.JsonString(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new JsonValue.JsonNumber(parser.getText());
            case VALUE_TRUE -> JsonValue.JsonBool.TRUE;
            case VALUE_FALSE -> JsonValue.JsonBool.FALSE;
            case VALUE_NULL -> JsonValue.JsonNull.INSTANCE;
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> {
                List<JsonValue> elements = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    elements.add(readValue(parser));
                }
                yield new JsonValue.JsonArray(elements);
            }
            default -> throw new IOException("unexpected " + token);
        };
    }
}
