package io.jwtgate.gateway.middleware.mcp;

import io.jwtgate.gateway.middleware.mcp.JsonRpc.Message;
import io.jwtgate.gateway.middleware.mcp.McpPolicies.Decision;
import io.jwtgate.jwt.ResourceUri;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an {@code mcp} middleware would decide for verified claims and a JSON-RPC body, step by step,
 * for {@code jwtgate verify --mcp}: the audience binding, the route's scopes, then for each call every
 * policy evaluated until one matches. Runs the same code as a request; sends nothing anywhere.
 */
public final class McpExplainer {

    /** The lines to print, whether the body would reach the MCP server, and the status the client would get otherwise. */
    public record Explanation(List<String> lines, boolean forwarded, int status) {}

    private McpExplainer() {}

    public static Explanation explain(McpMiddleware middleware, Map<String, Object> claims, String body) {
        McpOptions options = middleware.options();
        List<String> out = new ArrayList<>();
        out.add("mcp          " + middleware.name() + " (resource " + options.resource().resource() + ")");
        Object aud = claims.get("aud");
        List<?> auds = aud instanceof List<?> l ? l : aud == null ? List.of() : List.of(aud);
        boolean bound = auds.stream().anyMatch(a -> a instanceof String s
                && (ResourceUri.same(options.resource().resource(), s) || options.audiences().contains(s)));
        out.add("audience     " + (bound ? "ok: aud " + auds + " names this resource" : "FAILS: aud " + auds + " does not name " + options.resource().resource()));
        if (!bound) {
            return new Explanation(out, false, 401);
        }
        Set<String> granted = ScopeRules.granted(claims);
        List<String> routeScopes = options.policies().routeScopes();
        if (!options.policies().scopeRules().covers(granted, routeScopes)) {
            out.add("scopes       FAILS: the route needs " + routeScopes + ", the token grants " + granted);
            return new Explanation(out, false, 403);
        }
        out.add("scopes       " + (routeScopes.isEmpty() ? "none required by the route" : "ok: " + routeScopes) + "; granted " + granted);
        JsonRpc.Body parsed = JsonRpc.parse(body.getBytes(StandardCharsets.UTF_8));
        if (parsed instanceof JsonRpc.Body.Malformed bad) {
            out.add("body         FAILS: " + bad.code() + " " + bad.message());
            return new Explanation(out, false, 400);
        }
        boolean allowed = true;
        boolean onlyScopes = true;
        for (Message m : ((JsonRpc.Body.Messages) parsed).messages()) {
            if (!(m instanceof Message.Call call)) {
                out.add("reply        " + ((Message.Reply) m).id() + ": a reply to the server, not decided");
                continue;
            }
            CallView view = new CallView(call.method(), call.params(), claims);
            out.add("call         " + call.method() + (call.id() == null ? " (notification)" : " id " + call.id())
                    + (call.params() == null ? "" : " params " + JsonRpc.write(JsonRpc.JSON.valueToTree(call.params()))));
            for (McpPolicies.Policy p : options.policies().policies()) {
                boolean match = p.predicate().test(view);
                out.add("             policies[" + p.index() + "] " + (match ? "MATCHES" : "no match") + " (" + p.action().name().toLowerCase()
                        + "): " + p.match());
                if (match) {
                    break;
                }
            }
            Decision d = options.policies().decide(view, granted);
            String by = d.policy() == McpPolicies.DEFAULT ? "defaultAction " + options.policies().defaultAction().name().toLowerCase()
                    : "policies[" + d.policy() + "]";
            out.add("             -> " + switch (d) {
                case Decision.Allowed ignored -> "allow, by " + by;
                case Decision.Denied ignored -> "DENY, by " + by;
                case Decision.MissingScopes s -> "needs the scopes " + s.scopes() + " (" + by + ")";
            });
            allowed &= d instanceof Decision.Allowed;
            onlyScopes &= !(d instanceof Decision.Denied);
        }
        if (allowed) {
            return new Explanation(out, true, 200);
        }
        return new Explanation(out, false, onlyScopes || !options.gracefulErrors() ? 403 : 200);
    }
}
