package io.jwtgate.gateway.runtime;

import io.jwtgate.gateway.config.dynamic.RouterConfig;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.RuleRequest;
import io.jwtgate.gateway.middleware.RouterExtension;
import io.jwtgate.gateway.proxy.ServiceHandler;
import io.jwtgate.gateway.runtime.tls.TlsOptionsRef;
import java.util.List;
import java.util.function.Predicate;

/**
 * Applies the {@link RouterExtension}s of a router's chain for the runtime factory: their checks,
 * the steps they put first in the chain, and the routes they derive (served at the highest
 * priority, on the router's entry point, by their handler alone).
 */
final class RouterExtensions {

    /** Priority of derived routes: ahead of every router of the configuration. */
    static final int DERIVED_PRIORITY = Integer.MAX_VALUE;

    private RouterExtensions() {}

    /**
     * @param chain  the router's expanded chain; chain heads are inserted at its start
     * @param routes the routers of the entry point, where derived routes are added
     * @param tlsOptions the router's TLS options (its derived routes answer for the same hosts, so they expect the same), or null
     * @return why the router must be disabled, or null
     */
    static String apply(RouterConfig router, Predicate<RuleRequest> matcher, List<Middleware> chain, ServiceHandler service,
                        List<RouterRuntime> routes, TlsOptionsRef tlsOptions) {
        List<RouterExtension> extensions = chain.stream().filter(RouterExtension.class::isInstance).map(RouterExtension.class::cast).toList();
        if (extensions.isEmpty()) {
            return null;
        }
        List<Middleware> asConfigured = List.copyOf(chain);
        for (RouterExtension extension : extensions) {
            String error = extension.checkChain(asConfigured);
            if (error != null) {
                return error;
            }
        }
        for (RouterExtension extension : extensions.reversed()) {
            Middleware head = extension.chainHead();
            if (head != null) {
                chain.addFirst(head);
            }
        }
        for (RouterExtension extension : extensions) {
            for (RouterExtension.DerivedRoute d : extension.derivedRoutes(matcher)) {
                routes.add(new RouterRuntime(derivedName(router.name(), d.nameSuffix()), d.rule(), d.matcher(), null, null, DERIVED_PRIORITY,
                        List.of(d.handler()), service, null, null, tlsOptions));
            }
        }
        return null;
    }

    /** {@code mcp@file} and {@code oauth-protected-resource} give {@code mcp-oauth-protected-resource@file}. */
    static String derivedName(String router, String suffix) {
        int at = router.indexOf('@');
        return at < 0 ? router + "-" + suffix : router.substring(0, at) + "-" + suffix + router.substring(at);
    }
}
