package io.jwtgate.gateway.middleware.mcp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jwtgate.jwt.json.JsonValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON-RPC 2.0 as MCP's Streamable HTTP transport carries it in a POST body: one message or a batch
 * (an array). A body is read strictly (no duplicate members, no trailing data, nesting bounded) and
 * every member must be a well-formed message, or the whole body is refused: the gateway never
 * forwards a body it could not read the way the server will.
 */
final class JsonRpc {

    /** JSON-RPC 2.0 error codes (section 5.1) and the one this gateway uses for refused calls. */
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int INTERNAL_ERROR = -32603;
    /** Server-defined range (-32000 to -32099): the call was refused by the gateway's policy. */
    static final int FORBIDDEN = -32001;

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100).build());
    }

    private JsonRpc() {}

    /** One message of a body. */
    sealed interface Message {

        /** A request ({@code id} set) or a notification ({@code id} null). */
        record Call(JsonNode id, String method, Object params) implements Message {}

        /** The client's answer to a request of the server (sampling, elicitation, roots): no operation of the client's. */
        record Reply(JsonNode id) implements Message {}
    }

    /** What a body holds. */
    sealed interface Body {

        /** Well-formed: {@code batch} when it was an array. */
        record Messages(List<Message> messages, boolean batch) implements Body {}

        /** Refused, with the JSON-RPC error to answer ({@code id} when it could be read). */
        record Malformed(int code, String message, JsonNode id) implements Body {}
    }

    static Body parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            return new Body.Malformed(PARSE_ERROR, "Parse error", null);
        }
        if (root == null || root.isMissingNode()) {
            return new Body.Malformed(PARSE_ERROR, "Parse error", null);
        }
        if (root.isArray()) {
            if (root.isEmpty()) {
                return new Body.Malformed(INVALID_REQUEST, "Invalid Request: empty batch", null);
            }
            List<Message> out = new ArrayList<>();
            for (JsonNode element : root) {
                Object m = message(element);
                if (m instanceof Body.Malformed bad) {
                    return bad;
                }
                out.add((Message) m);
            }
            return new Body.Messages(out, true);
        }
        Object m = message(root);
        return m instanceof Body.Malformed bad ? bad : new Body.Messages(List.of((Message) m), false);
    }

    /** A {@link Message}, or the {@link Body.Malformed} that refuses the body. */
    private static Object message(JsonNode node) {
        if (!node.isObject()) {
            return new Body.Malformed(INVALID_REQUEST, "Invalid Request: not a JSON-RPC object", null);
        }
        JsonNode id = node.get("id");
        boolean validId = id == null || id.isTextual() || id.isIntegralNumber();
        JsonNode replyId = validId ? id : null;
        if (!node.path("jsonrpc").isTextual() || !node.get("jsonrpc").asText().equals("2.0")) {
            return new Body.Malformed(INVALID_REQUEST, "Invalid Request: jsonrpc must be \"2.0\"", replyId);
        }
        if (!validId) {
            return new Body.Malformed(INVALID_REQUEST, "Invalid Request: id must be a string or an integer", null);
        }
        JsonNode method = node.get("method");
        if (method != null) {
            JsonNode params = node.get("params");
            if (!method.isTextual() || (params != null && !params.isObject() && !params.isArray())) {
                return new Body.Malformed(INVALID_REQUEST, "Invalid Request: method must be a string, params an object or an array", id);
            }
            if (node.has("result") || node.has("error")) {
                return new Body.Malformed(INVALID_REQUEST, "Invalid Request: a call has no result or error", id);
            }
            return new Message.Call(id, method.asText(), params == null ? null : plain(params));
        }
        if (id != null && (node.has("result") ^ node.has("error"))) {
            return new Message.Reply(id);
        }
        return new Body.Malformed(INVALID_REQUEST, "Invalid Request: neither a call nor a reply", id);
    }

    /** A JSON tree as the values {@link CallView} holds (numbers keep their text). */
    static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(e -> list.add(plain(e)));
            return list;
        }
        if (node.isNumber()) {
            return new JsonValue.JsonNumber(node.asText());
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() ? null : node.asText();
    }

    /** An error response object; {@code id} null writes {@code "id": null} unless {@code omitId} (a refused notification). */
    static ObjectNode error(JsonNode id, int code, String message, boolean omitId) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("jsonrpc", "2.0");
        if (!omitId) {
            out.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        }
        ObjectNode error = out.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return out;
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree we built always serializes
        }
    }
}
