package io.jwtgate.gateway.middleware.registry;

import io.jwtgate.gateway.middleware.MiddlewareType;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.gateway.middleware.auth.BasicAuthMiddleware;
import io.jwtgate.gateway.middleware.auth.DigestAuthMiddleware;
import io.jwtgate.gateway.middleware.circuitbreaker.CircuitBreakerMiddleware;
import io.jwtgate.gateway.middleware.compress.CompressMiddleware;
import io.jwtgate.gateway.middleware.forwardauth.ForwardAuthMiddleware;
import io.jwtgate.gateway.middleware.errors.ErrorsMiddleware;
import io.jwtgate.gateway.middleware.grpcweb.GrpcWebMiddleware;
import io.jwtgate.gateway.middleware.buffering.BufferingMiddleware;
import io.jwtgate.gateway.middleware.contenttype.ContentTypeMiddleware;
import io.jwtgate.gateway.middleware.headers.HeadersMiddleware;
import io.jwtgate.gateway.middleware.inflight.InFlightReqMiddleware;
import io.jwtgate.gateway.middleware.ip.IpAllowListMiddleware;
import io.jwtgate.gateway.middleware.jwt.JwtMiddlewareType;
import io.jwtgate.gateway.middleware.mcp.McpMiddleware;
import io.jwtgate.gateway.middleware.passtlsclientcert.PassTlsClientCertMiddleware;
import io.jwtgate.gateway.middleware.path.AddPrefixMiddleware;
import io.jwtgate.gateway.middleware.path.ReplacePathMiddleware;
import io.jwtgate.gateway.middleware.path.ReplacePathRegexMiddleware;
import io.jwtgate.gateway.middleware.path.StripPrefixMiddleware;
import io.jwtgate.gateway.middleware.path.StripPrefixRegexMiddleware;
import io.jwtgate.gateway.middleware.ratelimit.DistributedRateLimitMiddleware;
import io.jwtgate.gateway.middleware.ratelimit.RateLimitMiddleware;
import io.jwtgate.gateway.middleware.redirect.RedirectRegexMiddleware;
import io.jwtgate.gateway.middleware.redirect.RedirectSchemeMiddleware;
import io.jwtgate.gateway.middleware.retry.RetryMiddleware;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of middleware types. Adding a Traefik middleware is one file (its options record,
 * its builder, its handler and its {@link RegisteredType}), one row here, and one test file.
 */
public final class MiddlewareRegistry {

    /** The built-in types that need nothing from the static configuration. */
    public static final List<RegisteredType> BUILT_IN = List.of(
            AddPrefixMiddleware.TYPE,
            StripPrefixMiddleware.TYPE,
            StripPrefixRegexMiddleware.TYPE,
            ReplacePathMiddleware.TYPE,
            ReplacePathRegexMiddleware.TYPE,
            RedirectSchemeMiddleware.TYPE,
            RedirectRegexMiddleware.TYPE,
            HeadersMiddleware.TYPE,
            IpAllowListMiddleware.TYPE,
            IpAllowListMiddleware.WHITE_LIST,
            RateLimitMiddleware.TYPE,
            DistributedRateLimitMiddleware.TYPE,
            BasicAuthMiddleware.TYPE,
            DigestAuthMiddleware.TYPE,
            InFlightReqMiddleware.TYPE,
            CircuitBreakerMiddleware.TYPE,
            ForwardAuthMiddleware.TYPE,
            ErrorsMiddleware.TYPE,
            RetryMiddleware.TYPE,
            GrpcWebMiddleware.TYPE,
            BufferingMiddleware.TYPE,
            ContentTypeMiddleware.TYPE,
            CompressMiddleware.TYPE,
            PassTlsClientCertMiddleware.TYPE,
            McpMiddleware.TYPE);

    private MiddlewareRegistry() {}

    /**
     * Every type a gateway builds, by key: the built-ins, {@code plugin.jwt} and {@code plugin.oAuthIntrospection} (built from the
     * static {@code jwt} section, so passed in), and extras (tests, embedders), which may override.
     */
    public static Map<String, MiddlewareType> types(JwtMiddlewareType jwt, Map<String, MiddlewareType> extra) {
        Map<String, MiddlewareType> types = new HashMap<>();
        for (RegisteredType t : BUILT_IN) {
            types.put(t.key(), t.builder());
        }
        types.put("plugin.jwt", jwt);
        types.put("plugin.oAuthIntrospection", jwt.introspection());
        types.putAll(extra);
        return Map.copyOf(types);
    }
}
