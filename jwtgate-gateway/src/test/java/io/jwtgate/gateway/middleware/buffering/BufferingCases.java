package io.jwtgate.gateway.middleware.buffering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.RawHttp;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Table-driven {@code buffering} tests through a running gateway (format at the top of
 * {@code middleware/buffering-cases.yaml}): one router per case (chosen by {@code X-Test-Case}),
 * a request written byte for byte ({@link RawHttp}: a {@code Content-Length} body or chunks), a
 * real backend that records what it received and answers with the case's status, headers and body
 * (with a length, or chunked).
 */
final class BufferingCases implements AutoCloseable {

    record Case(int index, String desc, String source, JsonNode options, JsonNode request, JsonNode backend, JsonNode expect) {
        @Override
        public String toString() {
            return desc + " (" + source + ")";
        }
    }

    /** What the backend received: its headers and body; null when the backend was not reached. */
    record Received(MultiMap headers, String body) {}

    record Result(RawHttp.Response response, Received upstream) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CASE_HEADER = "X-Test-Case";

    private final List<Case> cases;
    private final Map<Integer, Received> received = new ConcurrentHashMap<>();
    private final Backend backend;
    private final TestGateway gateway;

    BufferingCases(String resource) throws Exception {
        this.cases = load(resource);
        this.backend = Backend.start(this::answer);
        StringBuilder yaml = new StringBuilder("http:\n  middlewares:\n");
        for (Case c : cases) {
            yaml.append("    m").append(c.index()).append(": {buffering: ").append(JSON.writeValueAsString(c.options())).append("}\n");
        }
        yaml.append("  routers:\n");
        for (Case c : cases) {
            yaml.append("    r").append(c.index()).append(": {rule: \"Header(`").append(CASE_HEADER).append("`, `").append(c.index())
                    .append("`)\", entryPoints: [web], service: b, middlewares: [m").append(c.index()).append("]}\n");
        }
        yaml.append("  services:\n    b: {loadBalancer: {servers: [{url: \"").append(backend.url()).append("\"}]}}\n");
        TestGateway started;
        try {
            started = TestGateway.withDynamic(yaml.toString());
        } catch (Exception e) {
            backend.close();
            throw e;
        }
        this.gateway = started;
        if (!gateway.gateway().problems().isEmpty()) {
            close();
            throw new IllegalStateException("the cases' configuration has problems: " + gateway.gateway().problems());
        }
    }

    List<Case> cases() {
        return cases;
    }

    private void answer(HttpServerRequest request) {
        int index = Integer.parseInt(request.getHeader(CASE_HEADER));
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
        request.body().onSuccess(body -> {
            received.put(index, new Received(headers, body.toString()));
            JsonNode b = cases.get(index).backend();
            HttpServerResponse response = request.response().setStatusCode(b.path("status").asInt(200));
            b.path("headers").fields().forEachRemaining(h -> response.putHeader(h.getKey(), h.getValue().asText()));
            if (b.has("chunks")) {
                response.setChunked(true);
                b.get("chunks").forEach(chunk -> response.write(chunk.asText()));
                response.end();
            } else {
                response.end(text(b));
            }
        });
    }

    /** Sends the case's request on a fresh connection and reads the answer. */
    Result run(Case c) throws Exception {
        JsonNode r = c.request();
        StringBuilder head = new StringBuilder(r.path("method").asText("GET")).append(' ').append(r.path("path").asText("/"))
                .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n").append(CASE_HEADER).append(": ").append(c.index()).append("\r\n");
        r.path("headers").fields().forEachRemaining(h -> head.append(h.getKey()).append(": ").append(h.getValue().asText()).append("\r\n"));
        StringBuilder body = new StringBuilder();
        if (r.has("chunks")) {
            head.append("Transfer-Encoding: chunked\r\n");
            for (JsonNode chunk : r.get("chunks")) {
                body.append(Integer.toHexString(chunk.asText().length())).append("\r\n").append(chunk.asText()).append("\r\n");
            }
            body.append("0\r\n\r\n");
        } else if (r.has("body") || r.has("repeat")) {
            String text = text(r);
            head.append("Content-Length: ").append(text.length()).append("\r\n");
            body.append(text);
        }
        received.remove(c.index());
        try (RawHttp client = new RawHttp(gateway.gateway().port("web"))) {
            client.sendBytes(head.append("\r\n").append(body).toString());
            RawHttp.Response response = client.read();
            return new Result(response, received.get(c.index()));
        }
    }

    /** Every difference between the case's expectations and what happened; empty when the case passes. */
    static List<String> check(Case c, Result result) {
        JsonNode e = c.expect();
        List<String> failures = new ArrayList<>();
        RawHttp.Response response = result.response();
        if (response.status() != e.path("status").asInt(200)) {
            failures.add("status " + response.status() + ", expected " + e.path("status").asInt(200));
        }
        if (e.has("body") && !e.get("body").asText().equals(response.body())) {
            failures.add("body '" + abbreviate(response.body()) + "', expected '" + e.get("body").asText() + "'");
        }
        if (e.has("repeat") && !text(e).equals(response.body())) {
            failures.add("body of " + response.body().length() + " bytes, not the " + text(e).length() + " expected");
        }
        e.path("responseHeaders").fields().forEachRemaining(h -> {
            if (!h.getValue().asText().equals(response.header(h.getKey()))) {
                failures.add("response header " + h.getKey() + " = " + response.header(h.getKey()) + ", expected " + h.getValue().asText());
            }
        });
        for (JsonNode name : e.path("absentResponseHeaders")) {
            if (response.header(name.asText()) != null) {
                failures.add("response header " + name.asText() + " present: " + response.header(name.asText()));
            }
        }
        boolean reached = e.path("backendReached").asBoolean(true);
        if (reached != (result.upstream() != null)) {
            failures.add(reached ? "the backend was not reached" : "the backend was reached");
            return failures;
        }
        JsonNode up = e.path("upstream");
        if (result.upstream() != null) {
            if (up.has("body") && !up.get("body").asText().equals(result.upstream().body())) {
                failures.add("the backend received '" + abbreviate(result.upstream().body()) + "', expected '" + up.get("body").asText() + "'");
            }
            up.path("headers").fields().forEachRemaining(h -> {
                String actual = result.upstream().headers().get(h.getKey());
                if (!h.getValue().asText().equals(actual)) {
                    failures.add("upstream header " + h.getKey() + " = " + actual + ", expected " + h.getValue().asText());
                }
            });
            for (JsonNode name : up.path("absentHeaders")) {
                if (result.upstream().headers().contains(name.asText())) {
                    failures.add("upstream header " + name.asText() + " present: " + result.upstream().headers().getAll(name.asText()));
                }
            }
        }
        return failures;
    }

    /** {@code body}, or {@code repeat: {text, times}}. */
    private static String text(JsonNode n) {
        if (n.has("repeat")) {
            return n.get("repeat").path("text").asText().repeat(n.get("repeat").path("times").asInt());
        }
        return n.path("body").asText("");
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "... (" + s.length() + " bytes)";
    }

    private static List<Case> load(String resource) throws Exception {
        try (InputStream in = BufferingCases.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            List<Case> out = new ArrayList<>();
            for (Iterator<JsonNode> it = YAML.readTree(in).elements(); it.hasNext(); ) {
                JsonNode n = it.next();
                out.add(new Case(out.size(), n.path("desc").asText(), n.path("source").asText(), n.path("options"), n.path("request"),
                        n.path("backend"), n.path("expect")));
            }
            return List.copyOf(out);
        }
    }

    @Override
    public void close() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        backend.close();
    }
}
