package io.jwtgate.gateway.middleware.mcp;

import io.jwtgate.gateway.http.BodyReader;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.http.RuleRequest;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.gateway.middleware.RouterExtension;
import io.jwtgate.gateway.middleware.jwt.JwtMiddleware;
import io.jwtgate.gateway.middleware.jwt.RouteChallenge;
import io.jwtgate.gateway.middleware.jwt.VerifiedClaims;
import io.jwtgate.jwt.BearerChallenge;
import io.jwtgate.jwt.ResourceUri;
import java.net.URI;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code plugin.mcp}: Traefik Hub's MCP middleware, an OAuth resource server in front of an MCP
 * server speaking Streamable HTTP. On its router it serves the protected-resource metadata ahead of
 * the chain ({@link MetadataEndpoint}) and makes the chain's challenges point to it. On each request,
 * after the JWT middleware that must precede it: the token must be bound to this resource (its
 * {@code aud} holds {@code resourceMetadata.resource}, else 401) and hold the route's
 * {@code requiredScopes} (else 403 with {@code scope}); a POST's JSON-RPC calls are then decided by
 * the policies ({@link CallGate}); GET (the server's event stream) and DELETE (the end of a session)
 * carry no call and go on; list responses are filtered ({@link ListResponseFilter}).
 */
public final class McpMiddleware implements Middleware, RouterExtension {

    public static final RegisteredType TYPE = new RegisteredType("plugin.mcp", "mcp.md",
            (config, ctx) -> new McpMiddleware(config.name(), McpOptions.parse(config.options(), ctx.warnings())));

    private static final String BODY_401 = "401 Unauthorized\n";
    private static final String BODY_403 = "403 Forbidden\n";

    private final String name;
    private final McpOptions options;
    private final RouteChallenge challenge;
    private final Middleware head;
    private final MetadataEndpoint metadata;
    private final CallGate calls;

    McpMiddleware(String name, McpOptions options) {
        this.name = name;
        this.options = options;
        this.challenge = new RouteChallenge(options.resource().metadataUrl(), ScopeRules.forChallenge(options.policies().routeScopes()));
        this.head = (exchange, next) -> {
            exchange.attribute(RouteChallenge.KEY, challenge);
            next.proceed();
        };
        this.metadata = new MetadataEndpoint(options.resource().document(JsonRpc.JSON));
        this.calls = new CallGate(options, challenge);
    }

    public String name() {
        return name;
    }

    McpOptions options() {
        return options;
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        McpFacts facts = new McpFacts();
        exchange.attribute(McpFacts.KEY, facts);
        VerifiedClaims verified = exchange.attribute(VerifiedClaims.KEY);
        if (verified == null) {
            // checkChain puts a JWT middleware first; a request it did not verify is never authorized here.
            answer(exchange, 401, BearerChallenge.of(null, challenge.scopes(), challenge.resourceMetadata()), BODY_401);
            return;
        }
        Map<String, Object> claims = verified.claims();
        if (!boundToThisResource(claims.get("aud"))) {
            facts.add(new McpFacts.Entry(exchange.method(), null, McpFacts.AUDIENCE, null));
            exchange.facts().authReason("AUDIENCE_MISMATCH");
            answer(exchange, 401, BearerChallenge.of("invalid_token", challenge.scopes(), challenge.resourceMetadata()), BODY_401);
            return;
        }
        Set<String> granted = ScopeRules.granted(claims);
        if (!options.policies().scopeRules().covers(granted, options.policies().routeScopes())) {
            facts.add(new McpFacts.Entry(exchange.method(), null, McpFacts.SCOPE, null));
            answer(exchange, 403, BearerChallenge.of("insufficient_scope", challenge.scopes(), challenge.resourceMetadata()), BODY_403);
            return;
        }
        switch (exchange.method()) {
            case "POST" -> BodyReader.read(exchange, options.maxRequestBodySize(), () -> calls.tooLarge(exchange),
                    body -> calls.decide(exchange, body, claims, granted, facts, next));
            case "GET", "DELETE" -> {
                facts.add(new McpFacts.Entry(exchange.method(), null, McpFacts.ALLOW, null));
                if (exchange.method().equals("GET") && exchange.request().getHeader("Last-Event-ID") != null) {
                    // A resumed stream may replay the response to a list request: every list in it is filtered.
                    calls.filterLists(exchange, claims, granted, null, facts);
                }
                next.proceed();
            }
            default -> {
                exchange.response().putHeader("Allow", "GET, POST, DELETE");
                Responses.answer(exchange, 405, "405 Method Not Allowed\n");
            }
        }
    }

    /** RFC 8707 / MCP: the token was issued for this resource (or one of its configured other identifiers). */
    private boolean boundToThisResource(Object aud) {
        List<?> values = aud instanceof List<?> l ? l : aud == null ? List.of() : List.of(aud);
        for (Object v : values) {
            if (v instanceof String s && (ResourceUri.same(options.resource().resource(), s) || options.audiences().contains(s))) {
                return true;
            }
        }
        return false;
    }

    private static void answer(Exchange exchange, int status, String wwwAuthenticate, String body) {
        if (!exchange.response().headWritten()) {
            exchange.response().putHeader("WWW-Authenticate", wwwAuthenticate);
        }
        Responses.answer(exchange, status, body);
    }

    // ---- RouterExtension -------------------------------------------------------------------

    @Override
    public String checkChain(List<Middleware> chain) {
        int at = chain.indexOf(this);
        if (chain.subList(0, Math.max(at, 0)).stream().noneMatch(JwtMiddleware.class::isInstance)) {
            return "middleware " + name + " (plugin.mcp) authorizes with the claims of a verified token: put a plugin.jwt (or plugin.oAuthIntrospection) middleware before it"
                    + " in the router's middlewares";
        }
        return null;
    }

    @Override
    public Middleware chainHead() {
        return head;
    }

    @Override
    public List<DerivedRoute> derivedRoutes(Predicate<RuleRequest> routerMatcher) {
        ProtectedResource resource = options.resource();
        Set<String> paths = resource.metadataPaths();
        String resourcePath = URI.create(resource.resource()).getPath();
        String asRouted = resourcePath == null || resourcePath.isEmpty() ? "/" : resourcePath;
        Predicate<RuleRequest> matcher = request -> paths.contains(request.path()) && routerMatcher.test(new AtPath(request, asRouted));
        String rule = "Path(" + String.join(", ", paths.stream().map(p -> "`" + p + "`").toList()) + ") where the router serves `" + asRouted + "`";
        return List.of(new DerivedRoute("oauth-protected-resource", rule, matcher, metadata));
    }

    /** The request as the router would see a request for the resource itself: same host, headers and client, the resource's path. */
    private record AtPath(RuleRequest request, String path) implements RuleRequest {
        @Override
        public String host() {
            return request.host();
        }

        @Override
        public String method() {
            return request.method();
        }

        @Override
        public List<String> headers(String headerName) {
            return request.headers(headerName);
        }

        @Override
        public List<String> queryParams(String param) {
            return request.queryParams(param);
        }

        @Override
        public InetAddress clientAddress() {
            return request.clientAddress();
        }
    }
}
