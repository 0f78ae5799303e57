package io.jwtgate.gateway.middleware;

import static io.jwtgate.gateway.support.CaseExpectations.CASE_HEADER;
import static io.jwtgate.gateway.support.CaseExpectations.caseIndex;
import static io.jwtgate.gateway.support.CaseExpectations.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.CaseExpectations;
import io.jwtgate.gateway.support.CaseGateway;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.MultiMap;
import io.vertx.core.http.RequestOptions;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Case> cases;
    private final Map<Integer, MultiMap> received = new ConcurrentHashMap<>();
    private final CaseGateway gateway;

    /**
     * @param resource     the data file on the test class path
     * @param middlewareKey the middleware type the options are for, e.g. {@code headers}
     */
    public MiddlewareCases(String resource, String middlewareKey) throws Exception {
        this.cases = CaseExpectations.rows(resource, (index, n) -> new Case(index, n.path("desc").asText(), n.path("source").asText(),
                n.hasNonNull("type") ? n.get("type").asText() : null, n.get("options"), n.path("request"), n.path("backend"),
                n.path("expect")));
        Backend backend = Backend.start(request -> {
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
            String rule = CaseGateway.rule(c.index());
            yaml.append("    r").append(c.index()).append(": {rule: \"").append(rule).append("\", entryPoints: [web], service: b, middlewares: [m")
                    .append(c.index()).append("]}\n");
            yaml.append("    t").append(c.index()).append(": {rule: \"").append(rule)
                    .append("\", entryPoints: [websecure], tls: {}, service: b, middlewares: [m").append(c.index()).append("]}\n");
        }
        yaml.append("  services:\n    b: {loadBalancer: {servers: [{url: \"").append(backend.url()).append("\"}]}}\n");
        this.gateway = CaseGateway.start(TestGateway.builder().entryPoint("websecure", "http: {tls: {}}"), yaml.toString(), backend);
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
        RequestOptions options = CaseGateway.request(r, c.index(), gateway.port(tls ? "websecure" : "web"), tls, "/foo", null);
        received.remove(c.index());
        var response = gateway.client().request(options).compose(req -> req.send().compose(res -> res.body().map(body -> new Result(
                res.statusCode(), MultiMap.caseInsensitiveMultiMap().addAll(res.headers()), body.toString(), null))))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new Result(response.status(), response.headers(), response.body(), received.get(c.index()));
    }

    /** Every difference between the case's expectations and what happened; empty when the case passes. */
    public static List<String> check(Case c, Result result) {
        JsonNode e = c.expect();
        MultiMap upstream = result.upstream() == null ? MultiMap.caseInsensitiveMultiMap() : result.upstream();
        return new CaseExpectations()
                .status(e, result.status())
                .reached("the backend", e.path("backendReached").asBoolean(true), result.upstream() != null)
                .headers("response header", e.path("responseHeaders"), e.path("absentResponseHeaders"), result.headers())
                .body(e, result.body())
                .headers("upstream header", e.path("upstreamHeaders"), e.path("absentUpstreamHeaders"), upstream)
                .failures();
    }

    @Override
    public void close() throws Exception {
        gateway.close();
    }
}
