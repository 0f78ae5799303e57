package io.jwtgate.gateway.middleware.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Keeps in the results of {@code tools/list}, {@code prompts/list} and {@code resources/list} only
 * the entries the caller may use: each entry is decided as the call it stands for ({@code tools/call}
 * with its {@code name}, {@code prompts/get} with its {@code name}, {@code resources/read} with its
 * {@code uri}, no other parameters) and is kept when that call would be allowed now, scopes included.
 * A list is recognised by its result member ({@code result.tools}, ...), which no other MCP result has.
 */
final class ListFiltering {

    /** A list result: its member, the call an entry stands for, and the entry's identifying member. */
    enum Kind {
        TOOLS("tools", "tools/call", "name"),
        PROMPTS("prompts", "prompts/get", "name"),
        RESOURCES("resources", "resources/read", "uri");

        final String member;
        final String call;
        final String key;

        Kind(String member, String call, String key) {
            this.member = member;
            this.call = call;
            this.key = key;
        }
    }

    private final McpPolicies policies;
    private final Map<String, Object> claims;
    private final Set<String> granted;

    ListFiltering(McpPolicies policies, Map<String, Object> claims, Set<String> granted) {
        this.policies = policies;
        this.claims = claims;
        this.granted = granted;
    }

    /** Whether {@code message} (a response, or a batch of them) holds a list result. */
    static boolean holdsList(JsonNode message) {
        if (message.isArray()) {
            for (JsonNode element : message) {
                if (holdsList(element)) {
                    return true;
                }
            }
            return false;
        }
        JsonNode result = message.path("result");
        for (Kind kind : Kind.values()) {
            if (result.path(kind.member).isArray()) {
                return true;
            }
        }
        return false;
    }

    /** Removes the entries the caller may not use, in place; returns how many were removed. */
    int filter(JsonNode message) {
        if (message.isArray()) {
            int removed = 0;
            for (JsonNode element : message) {
                removed += filter(element);
            }
            return removed;
        }
        int removed = 0;
        JsonNode result = message.path("result");
        for (Kind kind : Kind.values()) {
            if (result.path(kind.member) instanceof ArrayNode entries) {
                for (Iterator<JsonNode> it = entries.iterator(); it.hasNext(); ) {
                    if (!usable(kind, it.next())) {
                        it.remove();
                        removed++;
                    }
                }
            }
        }
        return removed;
    }

    private boolean usable(Kind kind, JsonNode entry) {
        JsonNode id = entry.path(kind.key);
        if (!id.isTextual()) {
            return false; // an entry the caller could not name is not one it may use
        }
        CallView call = CallView.asCall(kind.call, kind.key, id.asText(), claims);
        return policies.decide(call, granted) instanceof McpPolicies.Decision.Allowed;
    }
}
