package io.jwtgate.gateway.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.RawHttp;
import io.jwtgate.gateway.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Traefik's muxer tables through a running gateway: one gateway per table file, one router per
 * case. A case's router matches its rule and the case header ({@code X-Test-Case}), so a request
 * can only reach the router of its own case: a 200 from the echo backend means the rule matched, a
 * 404 that it did not. A refused rule must be reported as a problem of its router alone. Priority
 * cases give each of their routers a {@code headers} middleware naming it ({@code X-From}), as
 * Traefik's test does. Requests are written byte for byte ({@link RawHttp}): the Host header (or an
 * absolute-form target), the method as written, header names as the table writes them.
 */
class TraefikRuleTablesIT {

    static final List<String> FILES = TraefikRuleTables.FILES;
    private static final String CASE = "X-Test-Case";

    @RegisterExtension
    static final Closing closing = new Closing();

    static Backend backend;

    @BeforeAll
    static void start() throws Exception {
        backend = closing.add(Backend.echo("rules"));
    }

    @ParameterizedTest
    @FieldSource("FILES")
    void everyRowThroughARunningGateway(String file) throws Exception {
        List<TraefikRuleTables.Table> tables = TraefikRuleTables.load(file);
        StringBuilder routers = new StringBuilder("http:\n  routers:\n");
        StringBuilder middlewares = new StringBuilder("  middlewares:\n    none: {headers: {}}\n");
        for (int t = 0; t < tables.size(); t++) {
            for (TraefikRuleTables.Case c : tables.get(t).cases()) {
                if (c.skip() != null) {
                    continue;
                }
                String id = "c" + t + "_" + c.index();
                if (!c.routers().isEmpty()) {
                    for (int i = 0; i < c.routers().size(); i++) {
                        TraefikRuleTables.PriorityRouter r = c.routers().get(i);
                        routers.append(router(id + "_" + i, guarded(r.rule(), false, id), false, r.priority(), "from-" + id + "-" + i));
                        middlewares.append("    from-").append(id).append('-').append(i)
                                .append(": {headers: {customResponseHeaders: {X-From: ").append(r.xFrom()).append("}}}\n");
                    }
                } else {
                    routers.append(router(id, c.error() ? c.rule() : guarded(c.rule(), c.v2(), id), c.v2(), 0, null));
                }
            }
        }
        String yaml = routers + middlewares.toString() + "  services:\n    echo:\n      loadBalancer:\n        servers:\n          - url: "
                + backend.url() + "\n";
        List<String> failures = new ArrayList<>();
        try (TestGateway gateway = TestGateway.withDynamic(yaml)) {
            int port = gateway.gateway().port("web");
            List<String> problems = gateway.gateway().problems();
            for (int t = 0; t < tables.size(); t++) {
                TraefikRuleTables.Table table = tables.get(t);
                int cases = 0;
                int passed = 0;
                int requests = 0;
                for (TraefikRuleTables.Case c : table.cases()) {
                    if (c.skip() != null) {
                        continue;
                    }
                    cases++;
                    String id = "c" + t + "_" + c.index();
                    List<String> wrong = new ArrayList<>();
                    List<String> own = problems.stream().filter(p -> p.contains("http.routers." + id + ".") || p.contains("http.routers." + id + ":")
                            || p.contains("router " + id + "@file")).toList();
                    if (c.error() && own.isEmpty()) {
                        wrong.add("served, Traefik refuses the rule");
                    } else if (!c.error() && !own.isEmpty()) {
                        wrong.add("refused: " + own);
                    } else if (!c.routers().isEmpty()) {
                        RawHttp.Response response = send(port, "GET " + c.path() + " HTTP/1.1\r\nHost: localhost\r\n" + CASE + ": " + id
                                + "\r\nConnection: close\r\n\r\n");
                        requests++;
                        if (!c.expectedFrom().equals(response.header("X-From"))) {
                            wrong.add("answered by " + response.header("X-From") + " (" + response.status() + "), Traefik: " + c.expectedFrom());
                        }
                    }
                    for (TraefikRuleTables.Request r : c.error() ? List.<TraefikRuleTables.Request>of() : c.requests()) {
                        if (!r.onWire()) {
                            continue;
                        }
                        requests++;
                        RawHttp.Response response = send(port, wire(r, id));
                        boolean routed = response.status() == 200 && response.body().contains("\"backend\":\"rules\"");
                        if (response.status() != r.wireStatus() || (r.wireStatus() == 200 && !routed)) {
                            wrong.add(r.describe() + " answered " + response.status() + ", expected " + r.wireStatus());
                        }
                    }
                    if (wrong.isEmpty()) {
                        passed++;
                    } else {
                        failures.add(file + " " + c.id() + ": " + String.join("; ", wrong));
                    }
                }
                System.out.printf("TraefikRuleTablesIT %s %s: %d/%d cases pass over HTTP (%d requests)%n", file, table.name(), passed, cases, requests);
            }
        }
        assertThat(failures).isEmpty();
    }

    /** {@code core.defaultRuleSyntax: v2} reads routers without {@code ruleSyntax} as v2; a router's own {@code ruleSyntax: v3} wins. */
    @Test
    void defaultRuleSyntaxFromTheStaticConfiguration() throws Exception {
        try (TestGateway gateway = TestGateway.builder().staticYaml("core: {defaultRuleSyntax: v2}").start("""
                http:
                  routers:
                    old: {rule: 'Host(`a.example`, `b.example`) && Headers(`X-Old`, `1`)', service: echo}
                    new: {rule: 'Host(`c.example`) && Header(`X-New`, `1`)', ruleSyntax: v3, service: echo}
                    wrong: {rule: 'Header(`X-New`, `1`)', service: echo}
                  services:
                    echo: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(backend.url()))) {
            int port = gateway.gateway().port("web");
            assertThat(send(port, "GET / HTTP/1.1\r\nHost: b.example\r\nX-Old: 1\r\nConnection: close\r\n\r\n").status()).isEqualTo(200);
            assertThat(send(port, "GET / HTTP/1.1\r\nHost: c.example\r\nX-New: 1\r\nConnection: close\r\n\r\n").status()).isEqualTo(200);
            assertThat(gateway.gateway().problems()).singleElement().asString()
                    .contains("http.routers.wrong.rule").contains("unknown function 'Header'");
        }
    }

    private static String router(String name, String rule, boolean v2, int priority, String middleware) {
        return "    " + name + ":\n      rule: '" + rule.replace("'", "''") + "'\n      service: echo\n"
                + (v2 ? "      ruleSyntax: v2\n" : "") + (priority > 0 ? "      priority: " + priority + "\n" : "")
                + (middleware != null ? "      middlewares: [" + middleware + "]\n" : "");
    }

    /** The case's rule, and its case header (v2 spells the matcher {@code Headers}). */
    private static String guarded(String rule, boolean v2, String id) {
        return "(" + rule + ") && " + (v2 ? "Headers" : "Header") + "(`" + CASE + "`, `" + id + "`)";
    }

    /** The request as bytes on the wire: the table's URL as Host header and origin-form target, or its raw text. */
    private static String wire(TraefikRuleTables.Request r, String id) {
        String extra = CASE + ": " + id + "\r\nConnection: close\r\n";
        if (r.raw() != null) {
            return r.raw().substring(0, r.raw().length() - 2) + extra + "\r\n";
        }
        String url = r.url();
        int start = url.indexOf("://") + 3;
        int end = start;
        while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') {
            end++;
        }
        String target = url.substring(end);
        target = target.isEmpty() ? "/" : target.startsWith("?") ? "/" + target : target;
        StringBuilder out = new StringBuilder(r.method()).append(' ').append(target).append(" HTTP/1.1\r\nHost: ")
                .append(url, start, end).append("\r\n");
        for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
            h.getValue().forEach(v -> out.append(h.getKey()).append(": ").append(v).append("\r\n"));
        }
        if (!r.method().equalsIgnoreCase("GET")) {
            out.append("Content-Length: 0\r\n");
        }
        return out.append(extra).append("\r\n").toString();
    }

    /** UTF-8 bytes (a non-ASCII Host is sent as the bytes a client would write). */
    private static RawHttp.Response send(int port, String request) throws Exception {
        try (RawHttp c = new RawHttp(port)) {
            return c.sendBytes(new String(request.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)).read();
        }
    }
}
