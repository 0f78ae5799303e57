package io.jwtgate.gateway.middleware.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.middleware.jwt.RouteChallenge;
import io.jwtgate.gateway.middleware.mcp.JsonRpc.Message;
import io.jwtgate.gateway.middleware.mcp.McpPolicies.Decision;
import io.jwtgate.jwt.BearerChallenge;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON-RPC calls of a POST, decided by the policies. Every call of the body must be allowed for
 * the body to be forwarded, unchanged; otherwise nothing reaches the MCP server and the client gets
 * a JSON-RPC error for each request of the body (a batch gets an array), with HTTP 403 as Traefik
 * Hub answers refused calls (200 with {@code gracefulErrors: true}). A call allowed by its policy
 * but lacking the policy's scopes is refused with 403 and a challenge listing every scope it needs.
 * A body that is not JSON-RPC gets 400 with the JSON-RPC parse or invalid-request error.
 */
final class CallGate {

    /** Methods whose responses are lists filtered for the caller. */
    static final Set<String> LIST_METHODS = Set.of("tools/list", "prompts/list", "resources/list");

    private final McpOptions options;
    private final RouteChallenge challenge;

    CallGate(McpOptions options, RouteChallenge challenge) {
        this.options = options;
        this.challenge = challenge;
    }

    void decide(Exchange exchange, Buffer body, Map<String, Object> claims, Set<String> granted, McpFacts facts, Middleware.Next next) {
        JsonRpc.Body parsed = body == null || body.length() == 0 ? new JsonRpc.Body.Malformed(JsonRpc.PARSE_ERROR, "Parse error", null)
                : JsonRpc.parse(body.getBytes());
        if (parsed instanceof JsonRpc.Body.Malformed bad) {
            facts.add(new McpFacts.Entry("", null, McpFacts.MALFORMED, null));
            json(exchange, 400, JsonRpc.error(bad.id(), bad.code(), bad.message(), false));
            return;
        }
        List<Message> messages = ((JsonRpc.Body.Messages) parsed).messages();
        boolean batch = ((JsonRpc.Body.Messages) parsed).batch();
        List<Decision> decisions = new ArrayList<>();
        List<JsonNode> listIds = new ArrayList<>();
        boolean allAllowed = true;
        for (Message m : messages) {
            if (!(m instanceof Message.Call call)) {
                decisions.add(null); // the client's reply to the server: no operation of the client's
                continue;
            }
            Decision d = options.policies().decide(new CallView(call.method(), call.params(), claims), granted);
            decisions.add(d);
            facts.add(new McpFacts.Entry(call.method(), target(call.params()), label(d), d.policy() == McpPolicies.DEFAULT ? "default"
                    : Integer.toString(d.policy())));
            allAllowed &= d instanceof Decision.Allowed;
            if (call.id() != null && LIST_METHODS.contains(call.method())) {
                listIds.add(call.id());
            }
        }
        if (allAllowed) {
            if (!listIds.isEmpty()) {
                filterLists(exchange, claims, granted, listIds, facts);
            }
            next.proceed();
            return;
        }
        refuse(exchange, messages, decisions, batch);
    }

    /** Filters the list responses of this exchange; {@code listIds} null for a resumed stream (any list is filtered). */
    void filterLists(Exchange exchange, Map<String, Object> claims, Set<String> granted, List<JsonNode> listIds, McpFacts facts) {
        exchange.upstream().headers().remove("Accept-Encoding"); // an encoded list could not be filtered
        ListFiltering filtering = new ListFiltering(options.policies(), claims, granted);
        exchange.wrapResponse(below -> new ListResponseFilter(below, filtering, listIds, options.maxResponseBodySize(), facts));
    }

    private void refuse(Exchange exchange, List<Message> messages, List<Decision> decisions, boolean batch) {
        Set<String> scopes = new LinkedHashSet<>();
        boolean denied = false;
        for (Decision d : decisions) {
            denied |= d instanceof Decision.Denied;
            if (d instanceof Decision.MissingScopes missing) {
                scopes.addAll(missing.scopes());
            }
        }
        ArrayNode errors = JsonNodeFactory.instance.arrayNode();
        JsonNode single = null;
        for (int i = 0; i < messages.size(); i++) {
            if (!(messages.get(i) instanceof Message.Call call)) {
                continue;
            }
            JsonNode error = JsonRpc.error(call.id(), JsonRpc.FORBIDDEN, message(decisions.get(i)), call.id() == null);
            single = error;
            if (call.id() != null) {
                errors.add(error);
            }
        }
        JsonNode body = batch && !errors.isEmpty() ? errors : single;
        if (!denied) {
            // Only scopes are missing: the challenge lets the client ask for them all at once (step-up authorization).
            exchange.response().putHeader("WWW-Authenticate", BearerChallenge.of("insufficient_scope", List.copyOf(scopes), challenge.resourceMetadata()));
            json(exchange, 403, body);
            return;
        }
        json(exchange, options.gracefulErrors() ? 200 : 403, body);
    }

    private static String message(Decision d) {
        return switch (d) {
            case Decision.Denied ignored -> "Forbidden: the gateway's policy does not allow this call";
            case Decision.MissingScopes m -> "Forbidden: this call needs the scopes " + String.join(" ", m.scopes());
            case Decision.Allowed ignored -> "Not forwarded: another call of the batch was refused";
        };
    }

    private static String label(Decision d) {
        return switch (d) {
            case Decision.Allowed ignored -> McpFacts.ALLOW;
            case Decision.Denied ignored -> McpFacts.DENY;
            case Decision.MissingScopes ignored -> McpFacts.SCOPE;
        };
    }

    /** The tool or prompt name, or the resource URI, of a call. */
    private static String target(Object params) {
        if (params instanceof Map<?, ?> map) {
            Object name = map.get("name");
            Object uri = map.get("uri");
            return name instanceof String s ? s : uri instanceof String u ? u : null;
        }
        return null;
    }

    void tooLarge(Exchange exchange) {
        exchange.request().pause();
        McpFacts facts = exchange.attribute(McpFacts.KEY);
        if (facts != null) {
            facts.add(new McpFacts.Entry("", null, McpFacts.MALFORMED, null));
        }
        json(exchange, 413, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Request body larger than " + options.maxRequestBodySize() + " bytes", false));
    }

    private static void json(Exchange exchange, int status, JsonNode body) {
        Responses.answer(exchange, status, "application/json", body == null ? "" : JsonRpc.write(body));
    }
}
