package io.jwtgate.gateway.middleware.forwardauth;

import static io.jwtgate.gateway.support.CaseExpectations.CASE_HEADER;
import static io.jwtgate.gateway.support.CaseExpectations.caseIndex;
import static io.jwtgate.gateway.support.CaseExpectations.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.CaseExpectations;
import io.jwtgate.gateway.support.CaseGateway;
import io.jwtgate.gateway.support.ClosedPort;
import io.jwtgate.gateway.support.RawHttp;
import io.jwtgate.gateway.support.RawHttpServer;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.HashSet;
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
    record Result(int status, MultiMap headers, String body, Received upstream, RawHttpServer.Request auth) {}

    /** A request as the backend received it. */
    record Received(String method, String uri, MultiMap headers, String body) {}

    /** Headers the transport adds to the auth request, allowed besides the expected ones by {@code onlyAuthHeaders}. */
    private static final Set<String> TRANSPORT = Set.of("host");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Case> cases;
    private final Map<Integer, Received> upstream = new ConcurrentHashMap<>();
    private final AuthServer auth;
    private final CaseGateway gateway;

    ForwardAuthCases(String resource) throws Exception {
        this.cases = CaseExpectations.rows(resource, (index, n) -> new Case(index, n.path("desc").asText(), n.path("source").asText(), n));
        Backend backend = Backend.start(request -> request.body().onSuccess(body -> {
            int index = caseIndex(request.getHeader(CASE_HEADER));
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
            yaml.append("    r").append(c.index()).append(": {rule: \"").append(CaseGateway.rule(c.index()))
                    .append("\", entryPoints: [").append(entryPoint).append("], service: b, middlewares: [m").append(c.index()).append("]")
                    .append(entryPoint.equals("websecure") ? ", tls: {}" : "").append("}\n");
        }
        yaml.append("  services:\n    b: {loadBalancer: {servers: [{url: \"").append(backend.url()).append("\"}]}}\n");
        this.gateway = CaseGateway.start(TestGateway.builder().entryPoint("trusted", "forwardedHeaders: {insecure: true}")
                .entryPoint("websecure", "http: {tls: {}}"), yaml.toString(), backend, auth);
    }

    List<Case> cases() {
        return cases;
    }

    String authUrl() {
        return auth.url();
    }

    private AuthServer.Answer answer(RawHttpServer.Request r) {
        int index = caseOf(r);
        JsonNode a = index < 0 ? JSON.createObjectNode() : cases.get(index).node().path("auth");
        List<String[]> headers = new ArrayList<>();
        a.path("headers").fields().forEachRemaining(h -> values(h.getValue()).forEach(v -> headers.add(new String[] {h.getKey(), v})));
        int status = a.path("status").asInt(200);
        return new AuthServer.Answer(status, a.path("reason").asText("Scripted"), headers, a.path("body").asText(""));
    }

    /** The case an auth request is for: its address is {@code /auth/<case>...}. */
    private static int caseOf(RawHttpServer.Request r) {
        return r.target().startsWith("/auth/") ? caseIndex(r.target().substring(6).split("[/?]")[0]) : -1;
    }

    /** Sends the case's request; returns what the client, the backend and the auth server saw. */
    Result run(Case c) throws Exception {
        JsonNode r = c.request();
        String entryPoint = r.path("entryPoint").asText("web");
        int port = gateway.port(entryPoint);
        upstream.remove(c.index());
        int authBefore = auth.received().size();
        Result response = r.has("raw") ? raw(c, port) : viaClient(c, r, entryPoint.equals("websecure"), port);
        List<RawHttpServer.Request> authRequests = auth.received();
        RawHttpServer.Request authRequest = null;
        for (int i = authBefore; i < authRequests.size(); i++) {
            if (caseOf(authRequests.get(i)) == c.index()) {
                authRequest = authRequests.get(i);
            }
        }
        return new Result(response.status(), response.headers(), response.body(), upstream.get(c.index()), authRequest);
    }

    private Result viaClient(Case c, JsonNode r, boolean tls, int port) throws Exception {
        RequestOptions options = CaseGateway.request(r, c.index(), port, tls, "/foo", null);
        Buffer body = r.has("body") ? Buffer.buffer(r.get("body").asText()) : null;
        boolean chunked = r.path("chunked").asBoolean(false);
        return gateway.client().request(options).compose(req -> {
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
        CaseExpectations x = new CaseExpectations(value -> placeholders(value, c))
                .status(e, result.status())
                .body(e, result.body())
                .headers("response header", e.path("responseHeaders"), e.path("absentResponseHeaders"), result.headers());
        if (e.path("onlyResponseHeaders").asBoolean(false)) {
            only(x, "response header", e.path("responseHeaders"), Set.of(), result.headers());
        }
        x.reached("the backend", e.path("backendReached").asBoolean(true), result.upstream() != null);
        if (result.upstream() != null) {
            x.headers("upstream header", e.path("upstreamHeaders"), e.path("absentUpstreamHeaders"), result.upstream().headers())
                    .equal("upstream method", e.path("upstreamMethod"), result.upstream().method())
                    .equal("upstream body", e.path("upstreamBody"), result.upstream().body());
        }
        x.reached("the auth server", e.path("authReached").asBoolean(true), result.auth() != null);
        if (result.auth() != null) {
            MultiMap authHeaders = MultiMap.caseInsensitiveMultiMap();
            result.auth().headers().forEach(h -> authHeaders.add(h[0], h[1]));
            x.headers("auth header", e.path("authHeaders"), e.path("absentAuthHeaders"), authHeaders);
            for (JsonNode name : e.path("presentAuthHeaders")) {
                if (!authHeaders.contains(name.asText())) {
                    x.fail("auth header " + name.asText() + " missing");
                }
            }
            if (e.path("onlyAuthHeaders").asBoolean(false)) {
                Set<String> allowed = new HashSet<>(TRANSPORT);
                allowed.add(CASE_HEADER.toLowerCase());
                e.path("presentAuthHeaders").forEach(n -> allowed.add(n.asText().toLowerCase()));
                only(x, "auth header", e.path("authHeaders"), allowed, authHeaders);
            }
            x.equal("auth method", e.path("authMethod"), result.auth().method())
                    .equal("auth target", e.path("authTarget"), result.auth().target())
                    .equal("auth body", e.path("authBody"), result.auth().body());
        }
        return x.failures();
    }

    /** No header besides the expected and the allowed ones. */
    private static void only(CaseExpectations x, String what, JsonNode expected, Set<String> allowed, MultiMap actual) {
        for (String name : actual.names()) {
            boolean listed = false;
            for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
                listed |= it.next().equalsIgnoreCase(name);
            }
            if (!listed && !allowed.contains(name.toLowerCase())) {
                x.fail("unexpected " + what + " " + name + ": " + actual.getAll(name));
            }
        }
    }

    /** {@code {auth}} in an expected value is the auth server's base URL ({@code http://127.0.0.1:port}), {@code {case}} the case's number. */
    private String placeholders(String value, Case c) {
        return value.replace("{auth}", auth.url()).replace("{case}", Integer.toString(c.index()));
    }

    @Override
    public void close() throws Exception {
        gateway.close();
    }
}
