package io.jwtgate.gateway.middleware.mcp;

import io.jwtgate.gateway.http.ExchangeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the {@code mcp} middleware decided for an exchange, for the access log ({@code MCPMethod},
 * {@code MCPTool}, {@code MCPDecision}, {@code MCPPolicy}, {@code MCPFiltered}) and the metrics
 * ({@code jwtgate_mcp_requests_total}). One entry per JSON-RPC call of the body (a batch has
 * several), or one for a GET or DELETE of the transport. Lives on the exchange's event loop.
 */
public final class McpFacts {

    public static final ExchangeKey<McpFacts> KEY = new ExchangeKey<>("mcp facts", McpFacts.class);

    /** Decisions as logged and counted. */
    public static final String ALLOW = "allow";
    public static final String DENY = "deny";
    public static final String SCOPE = "insufficient_scope";
    public static final String AUDIENCE = "invalid_audience";
    public static final String MALFORMED = "malformed";

    /**
     * One decision.
     *
     * @param method the JSON-RPC method; the HTTP method for a GET or DELETE of the transport, and for a
     *               request refused before its body was read (audience, route scopes)
     * @param target the tool or prompt name, or the resource URI, when the call has one; else null
     * @param policy the deciding policy's index, {@code default} for {@code defaultAction}, or null when no policy was evaluated
     */
    public record Entry(String method, String target, String decision, String policy) {}

    /** The methods of the MCP specification (2025-06-18, 2025-11-25), kept as metric labels; any other is {@code other}. */
    private static final Set<String> SPEC_METHODS = Set.of("initialize", "ping", "tools/list", "tools/call", "prompts/list", "prompts/get",
            "resources/list", "resources/read", "resources/templates/list", "resources/subscribe", "resources/unsubscribe",
            "completion/complete", "logging/setLevel", "tasks/get", "tasks/result", "tasks/list", "tasks/cancel",
            "notifications/initialized", "notifications/cancelled", "notifications/progress", "notifications/roots/list_changed",
            "notifications/tasks/status", "GET", "POST", "DELETE");

    /** The method as a bounded metric label: a client cannot create label values at will. */
    public static String metricMethod(String method) {
        return SPEC_METHODS.contains(method) ? method : method.isEmpty() ? "none" : "other";
    }

    private final List<Entry> entries = new ArrayList<>(1);
    private int filtered;

    void add(Entry entry) {
        entries.add(entry);
    }

    void filtered(int removed) {
        filtered += removed;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** How many list entries were removed from the responses. */
    public int filtered() {
        return filtered;
    }
}
