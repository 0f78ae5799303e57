package io.jwtgate.gateway.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traefik's muxer test tables as ported to {@code src/test/resources/rule/traefik-*-cases.yaml}:
 * one {@link Table} per Go test function, one {@link Case} per row, each request with Traefik's
 * expected status and what a real request gets where the in-memory Go test cannot be reproduced.
 */
final class TraefikRuleTables {

    static final List<String> FILES = List.of("traefik-matcher-cases.yaml", "traefik-matcher-v2-cases.yaml", "traefik-mux-cases.yaml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One request of a case: Traefik's in-memory input and expectation, and the wire's. */
    record Request(String url, String raw, String method, Map<String, List<String>> headers, String remote, int status,
                   int wireStatus, String skip) {

        boolean onWire() {
            return skip == null;
        }

        String describe() {
            return (raw != null ? raw.replace("\r\n", "\\r\\n") : method + " " + url) + (headers.isEmpty() ? "" : " " + headers)
                    + (remote == null ? "" : " from " + remote);
        }
    }

    /** One router of a priority case. */
    /** @param provider the router's provider in Traefik's table (null: none given) */
    record PriorityRouter(String xFrom, String rule, int priority, String provider) {}

    /**
     * @param error    Traefik refuses the rule
     * @param domains  TestParseDomains: the host names
     * @param priority TestGetRulePriority: the default priority, else -1
     */
    record Case(String table, int index, String desc, String rule, boolean v2, boolean error, List<Request> requests,
                List<PriorityRouter> routers, String path, String expectedFrom, List<String> domains, int priority, String skip) {

        String id() {
            return table + "[" + index + "] " + desc;
        }
    }

    record Table(String file, String name, List<Case> cases) {}

    private TraefikRuleTables() {}

    static List<Table> load(String file) throws IOException {
        try (InputStream in = TraefikRuleTables.class.getResourceAsStream("/rule/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /rule/" + file);
            }
            JsonNode root = YAML.readTree(in);
            List<Table> tables = new ArrayList<>();
            root.fields().forEachRemaining(t -> {
                boolean v2 = t.getValue().path("syntax").asText().equals("v2");
                List<Case> cases = new ArrayList<>();
                for (JsonNode c : t.getValue().path("cases")) {
                    cases.add(toCase(t.getKey(), cases.size(), v2, c));
                }
                tables.add(new Table(file, t.getKey(), List.copyOf(cases)));
            });
            return List.copyOf(tables);
        }
    }

    private static Case toCase(String table, int index, boolean v2, JsonNode c) {
        List<Request> requests = new ArrayList<>();
        for (JsonNode r : c.path("requests")) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            r.path("headers").fields().forEachRemaining(h -> {
                List<String> values = new ArrayList<>();
                h.getValue().forEach(v -> values.add(v.asText()));
                headers.put(h.getKey(), List.copyOf(values));
            });
            int status = r.path("status").asInt();
            // Without a URL the Go test sends to https://example.com (the table varies the method, headers or remote address).
            String url = r.has("raw") ? null : r.path("url").asText("https://example.com");
            requests.add(new Request(url, text(r, "raw"), r.path("method").asText("GET"), headers, text(r, "remote"),
                    status, r.path("wire").path("status").asInt(status), text(r.path("wire"), "skip")));
        }
        List<PriorityRouter> routers = new ArrayList<>();
        for (JsonNode r : c.path("routers")) {
            routers.add(new PriorityRouter(r.path("xFrom").asText(), r.path("rule").asText(), r.path("priority").asInt(), text(r, "provider")));
        }
        List<String> domains = new ArrayList<>();
        c.path("domains").forEach(d -> domains.add(d.asText()));
        return new Case(table, index, c.path("desc").asText(), c.path("rule").asText(""), v2, c.path("error").asBoolean(false),
                List.copyOf(requests), List.copyOf(routers), text(c, "path"), text(c, "expected"), List.copyOf(domains),
                c.path("priority").asInt(-1), text(c.path("wire"), "skip"));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
