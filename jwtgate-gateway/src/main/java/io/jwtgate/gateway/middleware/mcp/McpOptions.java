package io.jwtgate.gateway.middleware.mcp;

import io.jwtgate.expr.ExpressionException;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.middleware.mcp.McpPolicies.Action;
import io.jwtgate.jwt.BearerChallenge;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The options of {@code plugin.mcp} (Traefik Hub's MCP middleware): {@code resourceMetadata},
 * {@code policies}, {@code defaultAction} and {@code gracefulErrors} as in Hub; the jwtgate extensions
 * {@code audiences} (other identifiers of the resource a token's {@code aud} may hold, such as an Entra
 * application id), {@code requiredScopes}, {@code policies[].requiredScopes}, {@code impliedScopes},
 * {@code maxRequestBodySize} (Hub: the static {@code hub.mcpgateway.maxRequestBodySize}) and
 * {@code maxResponseBodySize}, and the optional RFC 9728 members of {@code resourceMetadata}.
 */
record McpOptions(ProtectedResource resource, List<String> audiences, McpPolicies policies, boolean gracefulErrors,
                  long maxRequestBodySize, long maxResponseBodySize) {

    McpOptions {
        audiences = List.copyOf(audiences);
    }

    /** Hub's default request body limit (1 MB). */
    static final long DEFAULT_MAX_REQUEST_BODY = 1 << 20;
    /** Largest list response (or server-sent event) held to be filtered. */
    static final long DEFAULT_MAX_RESPONSE_BODY = 16 << 20;

    private static final Set<String> KEYS = Set.of("resourceMetadata", "audiences", "policies", "defaultAction", "gracefulErrors", "requiredScopes",
            "impliedScopes", "maxRequestBodySize", "maxResponseBodySize");
    private static final Set<String> METADATA_KEYS = Set.of("resource", "authorizationServers", "scopesSupported", "resourceDocumentation",
            "resourceName", "bearerMethodsSupported", "resourcePolicyUri", "resourceTosUri");
    private static final Set<String> BEARER_METHODS = Set.of("header", "body", "query");

    static McpOptions parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
        if (!o.isObject()) {
            throw o.error("expected the options of the mcp middleware", "write at least `resourceMetadata: {resource: ..., authorizationServers: [...]}`");
        }
        o.warnUnknownKeys(KEYS, warnings);
        ProtectedResource resource = resource(o.get("resourceMetadata"), warnings);
        List<String> routeScopes = required(o.get("requiredScopes"), warnings);
        List<McpPolicies.Policy> policies = new ArrayList<>();
        List<ConfigNode> entries = o.get("policies").elements();
        for (int i = 0; i < entries.size(); i++) {
            policies.add(policy(entries.get(i), i, warnings));
        }
        Action defaultAction = o.has("defaultAction") ? action(o.get("defaultAction")) : Action.DENY;
        long maxRequest = size(o.get("maxRequestBodySize"), DEFAULT_MAX_REQUEST_BODY);
        long maxResponse = size(o.get("maxResponseBodySize"), DEFAULT_MAX_RESPONSE_BODY);
        McpPolicies rules = new McpPolicies(policies, defaultAction, routeScopes, new ScopeRules(implied(o.get("impliedScopes"))));
        List<String> audiences = new ArrayList<>();
        for (ConfigNode a : o.get("audiences").elements()) {
            audiences.add(a.requiredString());
        }
        return new McpOptions(resource, audiences, rules, o.get("gracefulErrors").bool(false), maxRequest, maxResponse);
    }

    private static ProtectedResource resource(ConfigNode m, Consumer<String> warnings) throws ConfigException {
        if (m.isMissing()) {
            throw m.error("is required: it names the protected resource and its authorization servers",
                    "add `resourceMetadata: {resource: https://api.example.com/mcp, authorizationServers: [https://idp.example.com/realms/mcp]}`");
        }
        m.warnUnknownKeys(METADATA_KEYS, warnings);
        String resource = url(m.get("resource"), true, true);
        List<String> servers = new ArrayList<>();
        for (ConfigNode s : m.get("authorizationServers").elements()) {
            servers.add(url(s, true, false));
        }
        if (servers.isEmpty()) {
            throw m.get("authorizationServers").error("is required: MCP clients find the authorization server here (RFC 9728 section 2)",
                    "list the issuer URL of your identity provider, e.g. - https://idp.example.com/realms/mcp");
        }
        List<String> bearer = m.has("bearerMethodsSupported") ? m.get("bearerMethodsSupported").stringList() : List.of("header");
        for (String b : bearer) {
            if (!BEARER_METHODS.contains(b)) {
                throw m.get("bearerMethodsSupported").error("'" + b + "' is not a bearer method of RFC 6750", "use header, body or query");
            }
        }
        return new ProtectedResource(resource, servers, scopes(m.get("scopesSupported")), bearer,
                url(m.get("resourceDocumentation"), false, false), optional(m.get("resourceName")),
                url(m.get("resourcePolicyUri"), false, false), url(m.get("resourceTosUri"), false, false));
    }

    private static String url(ConfigNode n, boolean required, boolean isResource) throws ConfigException {
        String value = required ? n.requiredString() : optional(n);
        if (value == null) {
            return null;
        }
        String problem = ProtectedResource.problem(value, isResource);
        if (problem != null) {
            throw n.error(problem, isResource ? "write the URL MCP clients connect to, e.g. https://api.example.com/mcp"
                    : "write an absolute https URL, e.g. https://idp.example.com/realms/mcp");
        }
        return value;
    }

    private static String optional(ConfigNode n) throws ConfigException {
        String value = n.string(null);
        return value == null || value.isBlank() ? null : value;
    }

    private static McpPolicies.Policy policy(ConfigNode p, int index, Consumer<String> warnings) throws ConfigException {
        if (!p.isObject()) {
            throw p.error("expected a policy with match and action", "write `- match: Equals(`mcp.method`, `tools/list`)` and `action: allow`");
        }
        p.warnUnknownKeys(Set.of("match", "action", "requiredScopes"), warnings);
        String match = p.get("match").requiredString();
        try {
            return new McpPolicies.Policy(index, match, PolicyLanguage.compile(match), action(p.get("action")), required(p.get("requiredScopes"), warnings));
        } catch (ExpressionException e) {
            throw p.get("match").error(e.getMessage().replace("\n", "\n    "),
                    "write calls such as Equals(`mcp.method`, `tools/call`) && Contains(`jwt.allowed_tools`, `${mcp.params.name}`)");
        }
    }

    private static Action action(ConfigNode n) throws ConfigException {
        String value = n.requiredString().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "allow" -> Action.ALLOW;
            case "deny" -> Action.DENY;
            default -> throw n.error("'" + n.string(null) + "' is not an action", "write allow or deny");
        };
    }

    private static List<String> scopes(ConfigNode n) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (ConfigNode e : n.elements()) {
            String scope = e.requiredString();
            if (!BearerChallenge.isScopeToken(scope)) {
                throw e.error("'" + scope + "' is not a scope (RFC 6749 section 3.3: no spaces, quotes or backslashes)",
                        "write one scope per list item");
            }
            out.add(scope);
        }
        return List.copyOf(out);
    }

    /** Scopes a request needs: {@code offline_access} asks for a refresh token, never for access, so it is dropped (warned). */
    private static List<String> required(ConfigNode n, Consumer<String> warnings) throws ConfigException {
        List<String> scopes = scopes(n);
        if (scopes.contains(ScopeRules.OFFLINE_ACCESS)) {
            warnings.accept(n.source() + ": " + n.path() + ": offline_access is ignored: it asks for a refresh token, not for access to the resource");
        }
        return scopes.stream().filter(s -> !s.equals(ScopeRules.OFFLINE_ACCESS)).toList();
    }

    private static Map<String, List<String>> implied(ConfigNode n) throws ConfigException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.fields().entrySet()) {
            if (!BearerChallenge.isScopeToken(e.getKey())) {
                throw e.getValue().error("'" + e.getKey() + "' is not a scope", "name the broad scope, e.g. mcp:admin");
            }
            out.put(e.getKey(), scopes(e.getValue()));
        }
        return out;
    }

    private static long size(ConfigNode n, long defaultValue) throws ConfigException {
        long value = n.integer(defaultValue);
        if (value < 1) {
            throw n.error("must be at least 1 byte", "give a size in bytes, e.g. 1048576 for 1 MiB");
        }
        return value;
    }
}
