package io.jwtgate.gateway.middleware.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Compress cases as data through a running gateway: one router per case (chosen by the
 * {@code X-Test-Case} header) on a plain entry point ({@code web}, HTTP/1.1) and a TLS one
 * ({@code websecure}, HTTP/2 by ALPN); a backend that writes each case's response byte for byte in
 * one write (status, headers, body framed by length or in chunks of a given size), so that what the
 * gateway reads at once is the whole response; the JDK's HTTP client, which never decodes by itself.
 * The format is described at the top of {@code compress-cases.yaml}.
 */
final class CompressCases implements AutoCloseable {

    /** One row of a data file. */
    record Case(int index, String desc, String source, JsonNode options, JsonNode request, JsonNode backend, JsonNode expect) {
        @Override
        public String toString() {
            return desc + " (" + source + ")";
        }
    }

    /** What the client saw, what the backend sent and what it received. */
    record Result(int status, HttpClient.Version version, java.net.http.HttpHeaders headers, byte[] body, byte[] sent,
                  MultiMap upstream) {}

    static final String CASE_HEADER = "X-Test-Case";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient H1 = Http.client();
    private static final HttpClient H2 = Http.insecureTls(HttpClient.Version.HTTP_2);

    private final List<Case> cases;
    private final Map<Integer, MultiMap> received = new ConcurrentHashMap<>();
    private final NetServer backend;
    private final TestGateway gateway;

    CompressCases(List<Case> cases) throws Exception {
        this.cases = cases;
        this.backend = Backend.vertx().createNetServer().connectHandler(this::serve).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        StringBuilder yaml = new StringBuilder("http:\n  middlewares:\n");
        for (Case c : cases) {
            yaml.append("    m").append(c.index()).append(": {compress: ").append(JSON.writeValueAsString(c.options())).append("}\n");
        }
        yaml.append("  routers:\n");
        for (Case c : cases) {
            String rule = "Header(`" + CASE_HEADER + "`, `" + c.index() + "`)";
            yaml.append("    r").append(c.index()).append(": {rule: \"").append(rule).append("\", entryPoints: [web], service: b, middlewares: [m")
                    .append(c.index()).append("]}\n");
            yaml.append("    t").append(c.index()).append(": {rule: \"").append(rule)
                    .append("\", entryPoints: [websecure], tls: {}, service: b, middlewares: [m").append(c.index()).append("]}\n");
        }
        yaml.append("  services:\n    b: {loadBalancer: {servers: [{url: \"http://127.0.0.1:").append(backend.actualPort()).append("\"}]}}\n");
        try {
            this.gateway = TestGateway.builder().entryPoint("websecure", "http: {tls: {}}").start(yaml.toString());
        } catch (Exception e) {
            backend.close();
            throw e;
        }
        if (!gateway.gateway().problems().isEmpty()) {
            close();
            throw new IllegalStateException("the cases' configuration has problems: " + gateway.gateway().problems());
        }
    }

    /** The cases of a data file, numbered from {@code first}. */
    static List<Case> load(String resource, int first) throws Exception {
        try (InputStream in = CompressCases.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            List<Case> out = new ArrayList<>();
            for (JsonNode n : YAML.readTree(in)) {
                JsonNode options = n.hasNonNull("options") ? n.get("options") : JsonNodeFactory.instance.objectNode();
                out.add(new Case(first + out.size(), n.path("desc").asText(), n.path("source").asText(), options,
                        n.path("request"), n.path("backend"), n.path("expect")));
            }
            return out;
        }
    }

    /** The negotiation table as cases: a 10-byte body, minResponseBodyBytes 1, the coding Traefik chooses (or none). */
    static List<Case> negotiation(String resource, int first) throws Exception {
        List<Case> out = new ArrayList<>();
        for (NegotiationCase n : NegotiationCase.load(resource)) {
            ObjectNode options = JsonNodeFactory.instance.objectNode().put("minResponseBodyBytes", 1);
            if (n.encodings() != null) {
                options.set("encodings", JSON.valueToTree(n.encodings()));
            }
            if (n.defaultEncoding() != null) {
                options.put("defaultEncoding", n.defaultEncoding());
            }
            ObjectNode request = JsonNodeFactory.instance.objectNode();
            if (n.acceptEncoding() != null) {
                request.putObject("headers").set("Accept-Encoding", JSON.valueToTree(n.acceptEncoding()));
            }
            ObjectNode backend = JsonNodeFactory.instance.objectNode();
            backend.putObject("body").put("generate", 10);
            String coding = n.overHttp();
            ObjectNode expect = JsonNodeFactory.instance.objectNode();
            if (coding == null) {
                expect.putNull("compressed");
                expect.putArray("vary");
            } else {
                expect.put("compressed", coding);
                expect.putArray("vary").add("Accept-Encoding");
            }
            out.add(new Case(first + out.size(), "negotiation: " + n.desc(), n.source(), options, request, backend, expect));
        }
        return out;
    }

    List<Case> cases() {
        return cases;
    }

    List<String> configWarnings() {
        return gateway.gateway().warnings();
    }

    /** Sends the case's request over HTTP/1.1 ({@code web}) or HTTP/2 ({@code websecure}). */
    Result run(Case c, boolean http2) throws Exception {
        JsonNode r = c.request();
        URI uri = http2 ? gateway.httpsUrl("websecure", r.path("path").asText("/case")) : gateway.url(r.path("path").asText("/case"));
        String method = r.path("method").asText("GET");
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody()).header(CASE_HEADER, Integer.toString(c.index()));
        r.path("headers").fields().forEachRemaining(h -> values(h.getValue()).forEach(v -> b.header(h.getKey(), v)));
        received.remove(c.index());
        HttpResponse<byte[]> response = (http2 ? H2 : H1).send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Result(response.statusCode(), response.version(), response.headers(), response.body(),
                body(c.backend()), received.get(c.index()));
    }

    /** Every difference between the case's expectations and what happened; empty when it passes. */
    static List<String> check(Case c, Result result) throws Exception {
        JsonNode e = c.expect();
        List<String> failures = new ArrayList<>();
        int status = e.path("status").asInt(c.backend().path("status").asInt(200));
        if (result.status() != status) {
            failures.add("status " + result.status() + ", expected " + status);
        }
        String compressed = e.hasNonNull("compressed") ? e.get("compressed").asText() : null;
        String encoding = e.has("contentEncoding") ? (e.get("contentEncoding").isNull() ? null : e.get("contentEncoding").asText()) : compressed;
        List<String> actualEncoding = result.headers().allValues("Content-Encoding");
        if (!actualEncoding.equals(encoding == null ? List.of() : List.of(encoding))) {
            failures.add("Content-Encoding " + actualEncoding + ", expected " + (encoding == null ? "none" : encoding));
        }
        if (e.has("vary")) {
            List<String> vary = result.headers().allValues("Vary");
            if (!vary.equals(values(e.get("vary")))) {
                failures.add("Vary " + vary + ", expected " + values(e.get("vary")));
            }
        }
        e.path("headers").fields().forEachRemaining(h -> {
            List<String> actual = result.headers().allValues(h.getKey());
            if (!actual.equals(values(h.getValue()))) {
                failures.add("header " + h.getKey() + " = " + actual + ", expected " + values(h.getValue()));
            }
        });
        for (JsonNode name : e.path("absentHeaders")) {
            if (result.headers().firstValue(name.asText()).isPresent()) {
                failures.add("header " + name.asText() + " present: " + result.headers().allValues(name.asText()));
            }
        }
        result.headers().firstValue("Content-Length").ifPresent(length -> {
            if (!c.request().path("method").asText("GET").equals("HEAD") && Long.parseLong(length) != result.body().length) {
                failures.add("Content-Length " + length + " but " + result.body().length + " bytes");
            }
        });
        byte[] expectedBody = e.path("emptyBody").asBoolean(false) ? new byte[0] : result.sent();
        byte[] body = result.body();
        if (compressed != null) {
            if (Arrays.equals(body, expectedBody) && expectedBody.length > 0) {
                failures.add("the body was sent as it is, not compressed");
            }
            body = Decoders.decode(compressed, body);
        }
        if (!Arrays.equals(body, expectedBody)) {
            failures.add("body (decoded: " + (compressed != null) + ") of " + body.length + " bytes differs from the "
                    + expectedBody.length + " bytes the backend sent");
        }
        MultiMap upstream = result.upstream() == null ? MultiMap.caseInsensitiveMultiMap() : result.upstream();
        e.path("upstreamHeaders").fields().forEachRemaining(h -> {
            List<String> actual = upstream.getAll(h.getKey());
            if (!actual.equals(values(h.getValue()))) {
                failures.add("upstream header " + h.getKey() + " = " + actual + ", expected " + values(h.getValue()));
            }
        });
        return failures;
    }

    // ---- the backend -----------------------------------------------------------------------------

    /** Reads one request head, answers the case's response in one write and closes (Connection: close). */
    private void serve(NetSocket socket) {
        Buffer head = Buffer.buffer();
        socket.handler(data -> {
            head.appendBuffer(data);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            socket.handler(null);
            String[] lines = text.substring(0, end).split("\r\n");
            boolean headRequest = lines[0].startsWith("HEAD ");
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
            int index = Integer.parseInt(headers.get(CASE_HEADER));
            received.put(index, headers);
            socket.write(response(cases.get(index).backend(), headRequest)).onComplete(v -> socket.close());
        });
    }

    private static Buffer response(JsonNode b, boolean headRequest) {
        int status = b.path("status").asInt(200);
        byte[] body = body(b);
        StringBuilder head = new StringBuilder();
        for (JsonNode interim : b.path("interim")) {
            head.append("HTTP/1.1 ").append(interim.path("status").asInt()).append(" Interim\r\n");
            interim.path("headers").fields().forEachRemaining(h -> values(h.getValue()).forEach(v -> head.append(h.getKey()).append(": ").append(v).append("\r\n")));
            head.append("\r\n");
        }
        head.append("HTTP/1.1 ").append(status).append(" Case\r\nConnection: close\r\n");
        b.path("headers").fields().forEachRemaining(h -> values(h.getValue()).forEach(v -> head.append(h.getKey()).append(": ").append(v).append("\r\n")));
        boolean noBody = status == 204 || status == 304 || (status >= 100 && status < 200);
        boolean chunked = b.path("framing").asText("length").equals("chunked");
        if (!noBody) {
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
        }
        head.append("\r\n");
        Buffer out = Buffer.buffer(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (noBody || headRequest) {
            return out;
        }
        if (!chunked) {
            return out.appendBytes(body);
        }
        int size = b.path("chunkSize").asInt(Math.max(1, body.length));
        for (int off = 0; off < body.length; off += size) {
            int n = Math.min(size, body.length - off);
            out.appendString(Integer.toHexString(n) + "\r\n").appendBytes(body, off, n).appendString("\r\n");
        }
        return out.appendString("0\r\n\r\n");
    }

    /** The backend's body: {@code generate: n} (Traefik's generateBytes), {@code small}/{@code big} (its test bodies), or {@code text}. */
    static byte[] body(JsonNode b) {
        JsonNode body = b.path("body");
        if (body.isTextual()) {
            return switch (body.asText()) {
                case "small" -> ("aaabbc" + "aaabbbccc".repeat(9) + "aaabbbc").getBytes(StandardCharsets.US_ASCII);
                case "big" -> (("aaabbbccc".repeat(66) + " ").repeat(6) + "aaabbbccc".repeat(66)).getBytes(StandardCharsets.US_ASCII);
                default -> throw new IllegalArgumentException("unknown body " + body.asText());
            };
        }
        if (body.has("generate")) {
            byte[] out = new byte[body.get("generate").asInt()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (0x61 + i); // Go's byte arithmetic wraps as Java's cast does
            }
            return out;
        }
        if (body.has("text")) {
            return body.get("text").asText().repeat(body.path("times").asInt(1)).getBytes(StandardCharsets.UTF_8);
        }
        return new byte[0];
    }

    static List<String> values(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(x -> out.add(x.asText()));
        } else if (!v.isMissingNode() && !v.isNull()) {
            out.add(v.asText());
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        backend.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
