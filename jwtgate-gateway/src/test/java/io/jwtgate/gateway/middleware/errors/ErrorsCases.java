package io.jwtgate.gateway.middleware.errors;

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
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code errors-cases.yaml} through a real gateway: per case an app service (a real backend
 * answering with the case's status, headers and body, or a closed port), an error-page service
 * (a real backend that records the page request and answers with the case's page, or a closed
 * port), the case's errors middleware (and the middlewares it lists after it in the chain), and
 * a router on a plain and a TLS entry point. The format is described at the top of the data file.
 */
final class ErrorsCases implements AutoCloseable {

    record Case(int index, String desc, String source, JsonNode options, JsonNode after, JsonNode request, JsonNode backend,
                JsonNode page, JsonNode expect) {
        @Override
        public String toString() {
            return desc + " (" + source + ")";
        }
    }

    /** A request as a backend received it. */
    record Received(String method, String uri, MultiMap headers, String body) {}

    /** What the client got, what the page service and the app received (null when not reached). */
    record Result(int status, MultiMap headers, String body, Received page, Received app) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Case> cases;
    private final Map<Integer, Received> pages = new ConcurrentHashMap<>();
    private final Map<Integer, Received> apps = new ConcurrentHashMap<>();
    private final Backend pageServer;
    private final CaseGateway gateway;

    ErrorsCases(String resource) throws Exception {
        this.cases = CaseExpectations.rows(resource, (index, n) -> new Case(index, n.path("desc").asText(), n.path("source").asText(),
                n.get("options"), n.path("after"), n.path("request"), n.path("backend"), n.path("page"), n.path("expect")));
        Backend app = Backend.start(this::answerApp);
        this.pageServer = Backend.start(this::answerPage);
        String closed = ClosedPort.url();
        StringBuilder yaml = new StringBuilder("http:\n  middlewares:\n");
        for (Case c : cases) {
            ObjectNode options = (ObjectNode) c.options().deepCopy();
            if (!options.has("service")) {
                options.put("service", "p" + c.index());
            }
            yaml.append("    e").append(c.index()).append(": {errors: ").append(JSON.writeValueAsString(options)).append("}\n");
            if (!c.after().isMissingNode()) {
                yaml.append("    x").append(c.index()).append(": ").append(JSON.writeValueAsString(c.after())).append("\n");
            }
        }
        yaml.append("  routers:\n");
        for (Case c : cases) {
            String rule = CaseGateway.rule(c.index());
            String middlewares = "[e" + c.index() + (c.after().isMissingNode() ? "" : ", x" + c.index()) + "]";
            yaml.append("    r").append(c.index()).append(": {rule: \"").append(rule).append("\", entryPoints: [web], service: a")
                    .append(c.index()).append(", middlewares: ").append(middlewares).append("}\n");
            yaml.append("    t").append(c.index()).append(": {rule: \"").append(rule).append("\", entryPoints: [websecure], tls: {}, service: a")
                    .append(c.index()).append(", middlewares: ").append(middlewares).append("}\n");
        }
        yaml.append("  services:\n");
        for (Case c : cases) {
            String appUrl = c.backend().path("unreachable").asBoolean(false) ? closed : app.url();
            String pageUrl = (c.page().path("unreachable").asBoolean(false) ? closed : pageServer.url()) + "/c" + c.index();
            yaml.append("    a").append(c.index()).append(": {loadBalancer: {servers: [{url: \"").append(appUrl).append("\"}]}}\n");
            yaml.append("    p").append(c.index()).append(": {loadBalancer: {servers: [{url: \"").append(pageUrl).append("\", preservePath: true}], passHostHeader: ")
                    .append(c.page().path("passHostHeader").asBoolean(true)).append("}}\n");
        }
        this.gateway = CaseGateway.start(TestGateway.builder().entryPoint("websecure", "http: {tls: {}}"), yaml.toString(), app,
                pageServer);
    }

    List<Case> cases() {
        return cases;
    }

    List<String> configWarnings() {
        return gateway.configWarnings();
    }

    /** The page backend's {@code host:port}, which a page service without passHostHeader sends as Host. */
    String pageServerAuthority() {
        return "127.0.0.1:" + pageServer.port();
    }

    private void answerApp(HttpServerRequest request) {
        int index = caseIndex(request.getHeader(CASE_HEADER));
        request.body().onComplete(body -> {
            apps.put(index, new Received(request.method().name(), request.uri(),
                    MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body.succeeded() ? body.result().toString() : "<failed>"));
            JsonNode b = index < 0 ? null : cases.get(index).backend();
            answer(request, b == null ? 200 : b.path("status").asInt(200), b == null ? null : b.path("headers"),
                    b == null || !b.hasNonNull("body") ? null : b.get("body").asText());
        });
    }

    private void answerPage(HttpServerRequest request) {
        String uri = request.uri();
        int slash = uri.indexOf('/', 1);
        int index = caseIndex(uri.substring(2, slash < 0 ? uri.length() : slash));
        String rest = slash < 0 ? "/" : uri.substring(slash);
        request.body().onComplete(body -> {
            pages.put(index, new Received(request.method().name(), rest, MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                    body.succeeded() ? body.result().toString() : "<failed>"));
            JsonNode p = index < 0 ? null : cases.get(index).page();
            answer(request, p == null ? 200 : p.path("status").asInt(200), p == null ? null : p.path("headers"),
                    p == null || !p.has("body") ? "My error page.\n" : p.get("body").asText());
        });
    }

    private static void answer(HttpServerRequest request, int status, JsonNode headers, String body) {
        request.response().setStatusCode(status);
        if (headers != null) {
            headers.fields().forEachRemaining(h -> values(h.getValue()).forEach(v -> request.response().headers().add(h.getKey(), v)));
        }
        if (body == null) {
            request.response().end();
        } else {
            request.response().end(body);
        }
    }

    /** Sends the case's request and returns what the client, the page service and the app saw. */
    Result run(Case c) throws Exception {
        JsonNode r = c.request();
        boolean tls = r.path("tls").asBoolean(false);
        RequestOptions options = CaseGateway.request(r, c.index(), gateway.port(tls ? "websecure" : "web"), tls, "/test?foo=bar&baz=buz",
                "localhost");
        String body = r.hasNonNull("body") ? r.get("body").asText() : null;
        pages.remove(c.index());
        apps.remove(c.index());
        var response = gateway.client().request(options)
                .compose(req -> (body == null ? req.send() : req.send(body)).compose(res -> res.body().map(b -> new Result(res.statusCode(),
                        MultiMap.caseInsensitiveMultiMap().addAll(res.headers()), b.toString(), null, null))))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new Result(response.status(), response.headers(), response.body(), pages.get(c.index()), apps.get(c.index()));
    }

    /** Every difference between the case's expectations and what happened; empty when the case passes. */
    List<String> check(Case c, Result result) {
        JsonNode e = c.expect();
        CaseExpectations x = new CaseExpectations()
                .status(e, result.status())
                .body(e, result.body())
                .headers("response header", e.path("responseHeaders"), e.path("absentResponseHeaders"), result.headers())
                .reached("the backend", e.path("backendReached").asBoolean(!c.backend().path("unreachable").asBoolean(false)),
                        result.app() != null);
        JsonNode page = e.path("page");
        if (page.isMissingNode() || page.isNull()) {
            return result.page() == null ? x.failures() : x.fail("the error page was requested: " + result.page()).failures();
        }
        Received got = result.page();
        if (got == null) {
            return x.fail("the error page was not requested").failures();
        }
        x.equal("page method", page.path("method").asText("GET"), got.method())
                .equal("page uri", page.path("uri"), got.uri());
        if (page.has("host")) {
            x.equal("page Host", page.get("host").asText().replace("PAGE_SERVER", pageServerAuthority()), got.headers().get("Host"));
        }
        return x.equal("page body", "", got.body())
                .headers("page request header", page.path("headers"), page.path("absentHeaders"), got.headers())
                .failures();
    }

    @Override
    public void close() throws Exception {
        gateway.close();
    }
}
