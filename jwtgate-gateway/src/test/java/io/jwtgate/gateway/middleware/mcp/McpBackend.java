package io.jwtgate.gateway.middleware.mcp;

import io.jwtgate.gateway.support.Backend;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small MCP server speaking Streamable HTTP (JSON-RPC 2.0 over POST), enough to drive the gateway:
 * {@code initialize}, {@code ping}, {@code tools/list}, {@code tools/call}, {@code prompts/list},
 * {@code prompts/get}, {@code resources/list}, {@code resources/read}; notifications and replies get
 * 202. A request with {@code X-Reply: sse} is answered as an event stream (one event per response);
 * with {@code X-Hold: <key>} the stream first sends a progress notification and then waits until the
 * test calls {@link #release(String)}. GET opens an event stream (one notification, or with {@code Last-Event-ID} a replayed
 * {@code tools/list} response, then one more notification once released under the key {@code get}); X-Encode sets a
 * {@code Content-Encoding} the body does not have; DELETE ends a session with 200. Every request is recorded.
 */
final class McpBackend implements AutoCloseable {

    static final List<String> TOOLS = List.of("get_order", "list_inventory", "reorder", "approve_return");
    static final List<String> PROMPTS = List.of("summarize", "internal_prompt");
    static final List<String> RESOURCES = List.of("file:///public/readme.md", "file:///private/keys.txt");

    /** What the backend received. */
    record Received(String method, MultiMap headers, String body) {}

    private final Backend server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, CompletableFuture<Void>> holds = new ConcurrentHashMap<>();

    McpBackend() throws Exception {
        this.server = Backend.start(this::handle);
    }

    String url() {
        return server.url();
    }

    /** Lets a held stream go on (idempotent; may come before the stream is held). */
    void release(String key) {
        hold(key).complete(null);
    }

    private CompletableFuture<Void> hold(String key) {
        return holds.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    /** The bodies of the POSTs the backend received. */
    List<String> posted() {
        return received.stream().filter(r -> r.method().equals("POST")).map(Received::body).toList();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
            received.add(new Received(request.method().name(), headers, body.toString()));
            HttpServerResponse response = request.response();
            switch (request.method().name()) {
                case "GET" -> {
                    // A resumed stream (Last-Event-ID) replays the response to an earlier tools/list.
                    JsonObject first = request.getHeader("Last-Event-ID") == null ? notification("notifications/message")
                            : new JsonObject().put("jsonrpc", "2.0").put("id", 9).put("result", result(new JsonObject().put("method", "tools/list")));
                    stream(response, List.of(first, notification("notifications/message")), hold("get"));
                }
                case "DELETE" -> response.setStatusCode(200).end();
                case "POST" -> post(request, response, body);
                default -> response.setStatusCode(405).end();
            }
        });
    }

    private void post(HttpServerRequest request, HttpServerResponse response, Buffer body) {
        String text = body.toString().strip();
        List<JsonObject> replies = new java.util.ArrayList<>();
        boolean batch = text.startsWith("[");
        List<JsonObject> messages = batch ? new JsonArray(text).stream().map(JsonObject.class::cast).toList() : List.of(new JsonObject(text));
        for (JsonObject message : messages) {
            if (message.containsKey("method") && message.containsKey("id")) {
                replies.add(new JsonObject().put("jsonrpc", "2.0").put("id", message.getValue("id")).put("result", result(message)));
            }
        }
        if (replies.isEmpty()) {
            response.setStatusCode(202).end();
            return;
        }
        String hold = request.getHeader("X-Hold");
        if ("sse".equals(request.getHeader("X-Reply")) || hold != null) {
            if (request.getHeader("X-Encode") != null) {
                response.putHeader("Content-Encoding", request.getHeader("X-Encode"));
            }
            List<JsonObject> events = new java.util.ArrayList<>();
            if (hold != null) {
                events.add(notification("notifications/progress"));
            }
            events.addAll(replies);
            stream(response, events, hold == null ? null : hold(hold));
            return;
        }
        String json = batch ? new JsonArray(List.copyOf(replies)).encode() : replies.get(0).encode();
        if (request.getHeader("X-Encode") != null) {
            response.putHeader("Content-Encoding", request.getHeader("X-Encode")); // a server that encodes although not asked to
        }
        response.putHeader("Content-Type", "application/json").end(json);
    }

    /** Writes the first event, then (after {@code hold}, when given) the others, and ends. */
    private static void stream(HttpServerResponse response, List<JsonObject> events, CompletableFuture<Void> hold) {
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        response.write("id: 1\nevent: message\ndata: " + events.get(0).encode() + "\n\n");
        Runnable rest = () -> {
            for (int i = 1; i < events.size(); i++) {
                // One event over two writes, and its data over two lines: the gateway must reassemble both.
                String json = events.get(i).encode();
                int half = json.indexOf(',') + 1; // between members: the data lines joined with LF are the same JSON
                response.write("id: " + (i + 1) + "\nevent: message\ndata: " + json.substring(0, half));
                response.write("\ndata: " + json.substring(half) + "\n\n");
            }
            response.end();
        };
        if (hold == null) {
            rest.run();
        } else {
            io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
            hold.thenRun(() -> context.runOnContext(v -> rest.run()));
        }
    }

    private static JsonObject notification(String method) {
        return new JsonObject().put("jsonrpc", "2.0").put("method", method).put("params", new JsonObject().put("progress", 1));
    }

    private static JsonObject result(JsonObject message) {
        JsonObject params = message.getJsonObject("params", new JsonObject());
        return switch (message.getString("method")) {
            case "initialize" -> new JsonObject().put("protocolVersion", "2025-06-18")
                    .put("capabilities", new JsonObject().put("tools", new JsonObject()).put("prompts", new JsonObject()).put("resources", new JsonObject()))
                    .put("serverInfo", new JsonObject().put("name", "test-mcp").put("version", "1"));
            case "tools/list" -> new JsonObject().put("tools", new JsonArray(TOOLS.stream()
                    .map(t -> new JsonObject().put("name", t).put("description", "tool " + t).put("inputSchema", new JsonObject().put("type", "object")))
                    .toList()));
            case "prompts/list" -> new JsonObject().put("prompts", new JsonArray(PROMPTS.stream().map(p -> new JsonObject().put("name", p)).toList()));
            case "resources/list" -> new JsonObject().put("resources", new JsonArray(RESOURCES.stream()
                    .map(r -> new JsonObject().put("uri", r).put("name", r.substring(r.lastIndexOf('/') + 1))).toList()));
            case "tools/call" -> new JsonObject().put("content", new JsonArray().add(new JsonObject().put("type", "text")
                    .put("text", "called " + params.getString("name"))));
            case "prompts/get" -> new JsonObject().put("messages", new JsonArray());
            case "resources/read" -> new JsonObject().put("contents", new JsonArray().add(new JsonObject().put("uri", params.getString("uri")).put("text", "x")));
            default -> new JsonObject();
        };
    }

    @Override
    public void close() throws Exception {
        holds.values().forEach(f -> f.complete(null));
        server.close();
    }
}
