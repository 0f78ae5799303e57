package io.jwtgate.gateway.runtime;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.proxy.Forwarder;
import io.jwtgate.gateway.proxy.ServiceHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a parent router of multi-layer routing serves once its middlewares let a request through:
 * the first of its children (priority, then name, as on an entry point) whose rule matches the
 * request as the parent's middlewares left it (headers they added or removed count; the routing
 * path stays the one decided at the entry point, as in Traefik), else 404.
 */
final class ChildRouters implements ServiceHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ChildRouters.class);

    private final String parent;
    private final List<RouterRuntime> children;

    ChildRouters(String parent, List<RouterRuntime> children) {
        this.parent = parent;
        this.children = List.copyOf(children);
    }

    @Override
    public void serve(Exchange exchange, Forwarder forwarder) {
        for (RouterRuntime child : children) {
            if (!child.matcher().test(exchange)) {
                continue;
            }
            exchange.facts().routerName(child.name());
            exchange.facts().serviceName(child.serviceName());
            if (child.error() != null) {
                LOG.debug("router {} (child of {}) is disabled: {}", child.name(), parent, child.error());
                Responses.serviceUnavailable(exchange);
                return;
            }
            child.serve(exchange, forwarder);
            return;
        }
        Responses.notFound(exchange);
    }
}
