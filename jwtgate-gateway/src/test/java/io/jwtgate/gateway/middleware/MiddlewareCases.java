package io.jwtgate.gateway.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Table-driven middleware tests through a running gateway: a YAML file of cases (ported from
 * Traefik's own tests), one router per case on a plain ({@code web}) and a TLS ({@code websecure})
 * entry point (chosen by the {@code X-Test-Case} header, so the case's path and host are free), a real backend that records what it receives and answers with the case's headers,
 * and a real HTTP client. The case format is described at the top of each data file.
 */
public final class MiddlewareCases implements AutoCloseable {

    /** One row of the data file. */
    public record Case(int index, String desc, String source, String type, JsonNode options, JsonNode request, JsonNode backend,
                       JsonNode expect) {
        @Override
        public String toString() {
            return desc + " (" + source + ")";
        }
    }

    /** What the client saw and what the backend received (null when the backend was not reached). */
    public record Result(int status, MultiMap headers, String body, MultiMap upstream) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Routes a request to its case's router (rules match it), so that paths and hosts are the case's own. */
    static final String CASE_HEADER = "X-Test-Case";

    private final List<Case> cases;
    private final Map<Integer, MultiMap> received = new ConcurrentHashMap<>();
    private final Backend backend;
    private final TestGateway gateway;
    private final HttpClient client;

    /**
     * @param resource     the data file on the test class path
     * @param middlewareKey the middleware type the options are for, e.g. {@code headers}
     */
    public MiddlewareCases(String resource, String middlewareKey) throws Exception {
        this.cases = load(resource);
        this.backend = Backend.start(request -> {
            int index = caseIndex(request.getHeader(CASE_HEADER));
            // ":path" is what the backend received as path and query, for the cases to assert on.
            MultiMap copy = MultiMap.caseInsensitiveMultiMap().addAll(request.headers()).add(":path", request.uri());
            received.put(index, copy);
            request.body().onComplete(ignored -> {
                JsonNode headers = index < 0 ? null : cases.get(index).backend().path("headers");
                if (headers != null) {
                    headers.fields().forEachRemaining(h -> values(h.getValue()).forEach(v -> request.response().headers().add(h.getKey(), v)));
                }
                request.response().end("backend");
            });
        });
        StringBuilder yaml = new StringBuilder("http:\n  middlewares:\n");
        for (Case c : cases) {
            yaml.append("    m").append(c.index()).append(": {").append(c.type() == null ? middlewareKey : c.type()).append(": ")
                    .append(JSON.writeValueAsString(c.options())).append("}\n");
        }
        yaml.append("  routers:\n");
        for (Case c : cases) {
            String rule = "Header(`" + CASE_HEADER + "`, `" + c.index() + "`)";
            yaml.append("    r").append(c.index()).append(": {rule: \"").append(rule).append("\", entryPoints: [web], service: b, middlewares: [m")
                    .append(c.index()).append("]}\n");
            yaml.append("    t").append(c.index()).append(": {rule: \"").append(rule)
                    .append("\", entryPoints: [websecure], tls: {}, service: b, middlewares: [m").append(c.index()).append("]}\n");
        }
        yaml.append("  services:\n    b: {loadBalancer: {servers: [{url: \"").append(backend.url()).append("\"}]}}\n");
        TestGateway started;
        try {
            started = TestGateway.builder().entryPoint("websecure", "http: {tls: {}}").start(yaml.toString());
        } catch (Exception e) {
            backend.close();
            throw e;
        }
        this.gateway = started;
        if (!gateway.gateway().problems().isEmpty()) {
            close();
            throw new IllegalStateException("the cases' configuration has problems: " + gateway.gateway().problems());
        }
        this.client = Backend.vertx().createHttpClient(new HttpClientOptions().setTrustAll(true).setVerifyHost(false));
    }

    public List<Case> cases() {
        return cases;
    }

    public List<String> configWarnings() {
        return gateway.configWarnings();
    }

    /** Sends the case's request and returns what the client and the backend saw. */
    public Result run(Case c) throws Exception {
        JsonNode r = c.request();
        boolean tls = r.path("tls").asBoolean(false);
        int port = gateway.gateway().port(tls ? "websecure" : "web");
        RequestOptions options = new RequestOptions()
                .setServer(SocketAddress.inetSocketAddress(port, "127.0.0.1"))
                .setMethod(HttpMethod.valueOf(r.path("method").asText("GET")))
                .setSsl(tls)
                .setURI(r.path("path").asText("/foo"));
        if (r.hasNonNull("host")) {
            options.setHost(r.get("host").asText()).setPort(tls ? 443 : 80);
        } else {
            options.setHost("127.0.0.1").setPort(port);
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(CASE_HEADER, Integer.toString(c.index()));
        r.path("headers").fields().forEachRemaining(h -> values(h.getValue()).forEach(v -> headers.add(h.getKey(), v)));
        options.setHeaders(headers);
        received.remove(c.index());
        var response = client.request(options).compose(req -> req.send().compose(res -> res.body().map(body -> new Result(
                res.statusCode(), MultiMap.caseInsensitiveMultiMap().addAll(res.headers()), body.toString(), null))))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new Result(response.status(), response.headers(), response.body(), received.get(c.index()));
    }

    /** Every difference between the case's expectations and what happened; empty when the case passes. */
    public static List<String> check(Case c, Result result) {
        JsonNode e = c.expect();
        List<String> failures = new ArrayList<>();
        int status = e.path("status").asInt(200);
        if (result.status() != status) {
            failures.add("status " + result.status() + ", expected " + status);
        }
        boolean reached = e.path("backendReached").asBoolean(true);
        if (reached != (result.upstream() != null)) {
            failures.add(reached ? "the backend was not reached" : "the backend was reached");
        }
        e.path("responseHeaders").fields().forEachRemaining(h -> {
            List<String> actual = result.headers().getAll(h.getKey());
            if (!actual.equals(values(h.getValue()))) {
                failures.add("response header " + h.getKey() + " = " + actual + ", expected " + values(h.getValue()));
            }
        });
        for (JsonNode name : e.path("absentResponseHeaders")) {
            if (result.headers().contains(name.asText())) {
                failures.add("response header " + name.asText() + " present: " + result.headers().getAll(name.asText()));
            }
        }
        if (e.hasNonNull("body") && !e.get("body").asText().equals(result.body())) {
            failures.add("body '" + result.body() + "', expected '" + e.get("body").asText() + "'");
        }
        MultiMap upstream = result.upstream() == null ? MultiMap.caseInsensitiveMultiMap() : result.upstream();
        e.path("upstreamHeaders").fields().forEachRemaining(h -> {
            List<String> actual = upstream.getAll(h.getKey());
            if (!actual.equals(values(h.getValue()))) {
                failures.add("upstream header " + h.getKey() + " = " + actual + ", expected " + values(h.getValue()));
            }
        });
        for (JsonNode name : e.path("absentUpstreamHeaders")) {
            if (upstream.contains(name.asText())) {
                failures.add("upstream header " + name.asText() + " present: " + upstream.getAll(name.asText()));
            }
        }
        return failures;
    }

    private static List<Case> load(String resource) throws Exception {
        try (InputStream in = MiddlewareCases.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            JsonNode root = YAML.readTree(in);
            List<Case> out = new ArrayList<>();
            for (Iterator<JsonNode> it = root.elements(); it.hasNext(); ) {
                JsonNode n = it.next();
                out.add(new Case(out.size(), n.path("desc").asText(), n.path("source").asText(),
                        n.hasNonNull("type") ? n.get("type").asText() : null, n.get("options"),
                        n.path("request"), n.path("backend"), n.path("expect")));
            }
            return List.copyOf(out);
        }
    }

    private static List<String> values(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(x -> out.add(x.asText()));
        } else {
            out.add(v.asText());
        }
        return out;
    }

    private static int caseIndex(String header) {
        try {
            return header == null ? -1 : Integer.parseInt(header);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        backend.close();
    }
}
