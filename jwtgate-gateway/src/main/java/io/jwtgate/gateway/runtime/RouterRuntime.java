package io.jwtgate.gateway.runtime;

import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.RuleRequest;
import io.jwtgate.gateway.proxy.ServiceHandler;
import io.jwtgate.gateway.runtime.tls.TlsOptionsRef;
import java.util.List;
import java.util.function.Predicate;

/**
 * A router compiled for serving: its matcher, its middleware chain and its service.
 * When {@code error} is set the router still matches, but answers 503: a router whose middleware
 * failed to build must never be served without it.
 *
 * @param tlsOptions on a TLS entry point, the TLS options its requests' connections must have been
 *                   set up with (else 421, Traefik's SNI check); null elsewhere
 */
public record RouterRuntime(
        String name,
        String rule,
        Predicate<RuleRequest> matcher,
        int priority,
        List<Middleware> chain,
        ServiceHandler service,
        String serviceName,
        String error,
        TlsOptionsRef tlsOptions) {

    public RouterRuntime {
        chain = List.copyOf(chain);
    }
}
