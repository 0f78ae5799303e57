package io.jwtgate.gateway.runtime;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.http.RuleRequest;
import io.jwtgate.gateway.proxy.Forwarder;
import io.jwtgate.gateway.proxy.ServiceHandler;
import io.jwtgate.gateway.runtime.tls.TlsOptionsRef;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A router compiled for serving: its matcher, its middleware chain and its service.
 * When {@code error} is set the router still matches, but answers 503: a router whose middleware
 * failed to build must never be served without it.
 *
 * @param hostKeys   the keys {@link RouteIndex} files the router under ({@link io.jwtgate.gateway.rule.HostKeys#of}),
 *                   null when its rule may match whatever the host (or its matcher is not its rule's, as for derived routes)
 * @param pathKeys   the path prefixes {@link RouteIndex} files a router without host keys under
 *                   ({@link io.jwtgate.gateway.rule.PathKeys}), null likewise
 * @param tlsOptions on a TLS entry point, the TLS options its requests' connections must have been
 *                   set up with (else 421, Traefik's SNI check); null elsewhere
 */
public record RouterRuntime(
        String name,
        String rule,
        Predicate<RuleRequest> matcher,
        Set<String> hostKeys,
        Set<String> pathKeys,
        int priority,
        List<Middleware> chain,
        ServiceHandler service,
        String serviceName,
        String error,
        TlsOptionsRef tlsOptions) {

    private static final Logger LOG = LoggerFactory.getLogger(RouterRuntime.class);

    public RouterRuntime {
        chain = List.copyOf(chain);
        hostKeys = hostKeys == null ? null : Set.copyOf(hostKeys);
        pathKeys = pathKeys == null ? null : Set.copyOf(pathKeys);
    }

    /** Runs the chain, then the service (for a parent in multi-layer routing: its {@link ChildRouters}). */
    public void serve(Exchange exchange, Forwarder forwarder) {
        run(0, exchange, forwarder);
    }

    private void run(int index, Exchange exchange, Forwarder forwarder) {
        try {
            if (index == chain.size()) {
                service.serve(exchange, forwarder);
            } else {
                chain.get(index).handle(exchange, () -> run(index + 1, exchange, forwarder));
            }
        } catch (RuntimeException e) {
            // A bug, not a client error: fail closed and say where.
            LOG.error("router {}: unexpected failure in step {} of its chain", name, index, e);
            Responses.send(exchange, 500, "Internal Server Error");
        }
    }
}
