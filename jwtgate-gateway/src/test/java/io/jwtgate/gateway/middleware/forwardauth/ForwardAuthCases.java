package io.jwtgate.gateway.middleware.forwardauth;

import io.jwtgate.gateway.support.ClosedPort;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.RawHttp;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code middleware/forwardauth-cases.yaml} (Traefik's forward_test.go as data) through a
 * running gateway: one router per case, a real backend and a real auth server on 127.0.0.1 that
 * record what they receive (the auth server answers as the case scripts), and a real client. The
 * case format is described at the top of the data file.
 */
final class ForwardAuthCases implements AutoCloseable {

    /** One row of the data file. */
    record Case(int index, String desc, String source, JsonNode node) {
        JsonNode request() {
            return node.path("request");
        }

        JsonNode expect() {
            return node.path("expect");
        }

        @Override
        public String toString() {
            return desc + " (" + source + ")";
        }
    }

    /** What the client saw, what the backend and the auth server received (null when not reached). */
    record Result(int status, MultiMap headers, String body, Received upstream, AuthServer.Received auth) {}

    /** A request as the backend received it. */
    record Received(String method, String uri, MultiMap headers, String body) {}

    static final String CASE_HEADER = "X-Test-Case";
    /** Headers the transport adds to the auth request, allowed besides the expected ones by {@code onlyAuthHeaders}. */
    private static final Set<String> TRANSPORT = Set.of("host");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Case> cases;
    private final Map<Integer, Received> upstream = new ConcurrentHashMap<>();
    private final Backend backend;
    private final AuthServer auth;
    private final TestGateway gateway;
    private final HttpClient client;

    ForwardAuthCases(String resource) throws Exception {
        this.cases = load(resource);
        this.backend = Backend.start(request -> request.body().onSuccess(body -> {
            int index = index(request.getHeader(CASE_HEADER));
            upstream.put(index, new Received(request.method().name(), request.uri(),
                    MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body.toString()));
            if (index >= 0) {
                cases.get(index).node().path("backend").path("headers").fields()
                        .forEachRemaining(h -> values(h.getValue()).forEach(v -> request.response().headers().add(h.getKey(), v)));
            }
            request.response().end("backend");
        }));
        this.auth = new AuthServer(this::answer);
        int closedPort = ClosedPort.port(); // "the auth server is down"
        StringBuilder yaml = new StringBuilder("http:\n  middlewares:\n");
        for (Case c : cases) {
            ObjectNode options = ((ObjectNode) c.node().get("options")).deepCopy();
            String address = options.path("address").asText("");
            if (address.equals("down")) {
                options.put("address", "http://127.0.0.1:" + closedPort + "/");
            } else if (!options.has("address")) {
                options.put("address", auth.url() + "/auth/" + c.index() + c.node().path("addressSuffix").asText(""));
            }
            yaml.append("    m").append(c.index()).append(": {forwardAuth: ").append(JSON.writeValueAsString(options)).append("}\n");
        }
        yaml.append("  routers:\n");
        for (Case c : cases) {
            String entryPoint = c.request().path("entryPoint").asText("web");
            yaml.append("    r").append(c.index()).append(": {rule: \"Header(`").append(CASE_HEADER).append("`, `").append(c.index())
                    .append("`)\", entryPoints: [").append(entryPoint).append("], service: b, middlewares: [m").append(c.index()).append("]")
                    .append(entryPoint.equals("websecure") ? ", tls: {}" : "").append("}\n");
        }
        yaml.append("  services:\n    b: {loadBalancer: {servers: [{url: \"").append(backend.url()).append("\"}]}}\n");
        try {
            this.gateway = TestGateway.builder().entryPoint("trusted", "forwardedHeaders: {insecure: true}")
                    .entryPoint("websecure", "http: {tls: {}}").start(yaml.toString());
        } catch (Exception e) {
            backend.close();
            auth.close();
            throw e;
        }
        if (!gateway.gateway().problems().isEmpty()) {
            close();
            throw new IllegalStateException("the cases' configuration has problems: " + gateway.gateway().problems());
        }
        this.client = Backend.vertx().createHttpClient(new HttpClientOptions().setTrustAll(true).setVerifyHost(false));
    }

    List<Case> cases() {
        return cases;
    }

    String authUrl() {
        return auth.url();
    }

    private AuthServer.Answer answer(AuthServer.Received r) {
        int index = caseOf(r);
        JsonNode a = index < 0 ? JSON.createObjectNode() : cases.get(index).node().path("auth");
        List<String[]> headers = new ArrayList<>();
        a.path("headers").fields().forEachRemaining(h -> values(h.getValue()).forEach(v -> headers.add(new String[] {h.getKey(), v})));
        int status = a.path("status").asInt(200);
        return new AuthServer.Answer(status, a.path("reason").asText("Scripted"), headers, a.path("body").asText(""));
    }

    /** The case an auth request is for: its address is {@code /auth/<case>...}. */
    private static int caseOf(AuthServer.Received r) {
        return r.target().startsWith("/auth/") ? index(r.target().substring(6).split("[/?]")[0]) : -1;
    }

    /** Sends the case's request; returns what the client, the backend and the auth server saw. */
    Result run(Case c) throws Exception {
        JsonNode r = c.request();
        String entryPoint = r.path("entryPoint").asText("web");
        int port = gateway.gateway().port(entryPoint);
        upstream.remove(c.index());
        int authBefore = auth.received().size();
        Result response = r.has("raw") ? raw(c, port) : viaClient(c, r, entryPoint.equals("websecure"), port);
        List<AuthServer.Received> authRequests = auth.received();
        AuthServer.Received authRequest = null;
        for (int i = authBefore; i < authRequests.size(); i++) {
            if (caseOf(authRequests.get(i)) == c.index()) {
                authRequest = authRequests.get(i);
            }
        }
        return new Result(response.status(), response.headers(), response.body(), upstream.get(c.index()), authRequest);
    }

    private Result viaClient(Case c, JsonNode r, boolean tls, int port) throws Exception {
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
        Buffer body = r.has("body") ? Buffer.buffer(r.get("body").asText()) : null;
        boolean chunked = r.path("chunked").asBoolean(false);
        return client.request(options).compose(req -> {
            if (chunked) {
                req.setChunked(true);
            }
            return (body == null ? req.send() : req.send(body)).compose(res -> res.body().map(b -> new Result(
                    res.statusCode(), MultiMap.caseInsensitiveMultiMap().addAll(res.headers()), b.toString(), null, null)));
        }).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** A request written byte for byte ({@code {case}} stands for the case's routing header value). */
    private Result raw(Case c, int port) throws Exception {
        RawHttp.Response res = RawHttp.exchange(port, c.request().get("raw").asText().replace("{case}", Integer.toString(c.index())));
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        res.headers().forEach(h -> headers.add(h[0], h[1]));
        return new Result(res.status(), headers, res.body(), null, null);
    }

    /** Every difference between the case's expectations and what happened; empty when the case passes. */
    List<String> check(Case c, Result result) {
        JsonNode e = c.expect();
        List<String> failures = new ArrayList<>();
        int status = e.path("status").asInt(200);
        if (result.status() != status) {
            failures.add("status " + result.status() + ", expected " + status);
        }
        if (e.hasNonNull("body") && !placeholders(e.get("body").asText(), c).equals(result.body())) {
            failures.add("body '" + result.body() + "', expected '" + e.get("body").asText() + "'");
        }
        headers("response header", e.path("responseHeaders"), e.path("absentResponseHeaders"), result.headers(), c, failures);
        if (e.path("onlyResponseHeaders").asBoolean(false)) {
            only("response header", e.path("responseHeaders"), Set.of(), result.headers(), failures);
        }
        boolean reached = e.path("backendReached").asBoolean(true);
        if (reached != (result.upstream() != null)) {
            failures.add(reached ? "the backend was not reached" : "the backend was reached");
        }
        if (result.upstream() != null) {
            headers("upstream header", e.path("upstreamHeaders"), e.path("absentUpstreamHeaders"), result.upstream().headers(), c, failures);
            equal("upstream method", e.path("upstreamMethod"), result.upstream().method(), c, failures);
            equal("upstream body", e.path("upstreamBody"), result.upstream().body(), c, failures);
        }
        boolean authReached = e.path("authReached").asBoolean(true);
        if (authReached != (result.auth() != null)) {
            failures.add(authReached ? "the auth server was not reached" : "the auth server was reached");
        }
        if (result.auth() != null) {
            MultiMap authHeaders = MultiMap.caseInsensitiveMultiMap();
            result.auth().headers().forEach(h -> authHeaders.add(h[0], h[1]));
            headers("auth header", e.path("authHeaders"), e.path("absentAuthHeaders"), authHeaders, c, failures);
            for (JsonNode name : e.path("presentAuthHeaders")) {
                if (!authHeaders.contains(name.asText())) {
                    failures.add("auth header " + name.asText() + " missing");
                }
            }
            if (e.path("onlyAuthHeaders").asBoolean(false)) {
                Set<String> allowed = new java.util.HashSet<>(TRANSPORT);
                allowed.add(CASE_HEADER.toLowerCase());
                e.path("presentAuthHeaders").forEach(n -> allowed.add(n.asText().toLowerCase()));
                only("auth header", e.path("authHeaders"), allowed, authHeaders, failures);
            }
            equal("auth method", e.path("authMethod"), result.auth().method(), c, failures);
            equal("auth target", e.path("authTarget"), result.auth().target(), c, failures);
            equal("auth body", e.path("authBody"), result.auth().body(), c, failures);
        }
        return failures;
    }

    private void headers(String what, JsonNode expected, JsonNode absent, MultiMap actual, Case c, List<String> failures) {
        expected.fields().forEachRemaining(h -> {
            List<String> values = values(h.getValue()).stream().map(v -> placeholders(v, c)).toList();
            if (!actual.getAll(h.getKey()).equals(values)) {
                failures.add(what + " " + h.getKey() + " = " + actual.getAll(h.getKey()) + ", expected " + values);
            }
        });
        for (JsonNode name : absent) {
            if (actual.contains(name.asText())) {
                failures.add(what + " " + name.asText() + " present: " + actual.getAll(name.asText()));
            }
        }
    }

    private static void only(String what, JsonNode expected, Set<String> allowed, MultiMap actual, List<String> failures) {
        for (String name : actual.names()) {
            boolean listed = false;
            for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
                listed |= it.next().equalsIgnoreCase(name);
            }
            if (!listed && !allowed.contains(name.toLowerCase())) {
                failures.add("unexpected " + what + " " + name + ": " + actual.getAll(name));
            }
        }
    }

    private void equal(String what, JsonNode expected, String actual, Case c, List<String> failures) {
        if (!expected.isMissingNode() && !placeholders(expected.asText(), c).equals(actual)) {
            failures.add(what + " '" + actual + "', expected '" + expected.asText() + "'");
        }
    }

    /** {@code {auth}} in an expected value is the auth server's base URL ({@code http://127.0.0.1:port}), {@code {case}} the case's number. */
    private String placeholders(String value, Case c) {
        return value.replace("{auth}", auth.url()).replace("{case}", Integer.toString(c.index()));
    }

    private static List<Case> load(String resource) throws Exception {
        try (InputStream in = ForwardAuthCases.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            List<Case> out = new ArrayList<>();
            for (JsonNode n : YAML.readTree(in)) {
                out.add(new Case(out.size(), n.path("desc").asText(), n.path("source").asText(), n));
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

    private static int index(String value) {
        try {
            return value == null ? -1 : Integer.parseInt(value);
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
        auth.close();
    }
}
