package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.gateway.runtime.Exchange;
import io.jwtgate.gateway.runtime.Responses;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Traefik's {@code loadBalancer}: weighted round robin over the servers that are up. Servers
 * are "up" unless a health check says otherwise; with no server up the answer is 503.
 */
public final class LoadBalancerService implements ServiceHandler {

    private final String name;
    private final List<URI> rotation;
    private final boolean passHostHeader;
    private final HealthChecker healthChecker;
    private final AtomicInteger next = new AtomicInteger();

    public LoadBalancerService(ServiceConfig.LoadBalancer config, HealthChecker healthChecker) {
        this.name = config.name();
        // Expanding weights into a rotation keeps selection a single atomic increment.
        this.rotation = config.servers().stream()
                .flatMap(s -> java.util.Collections.nCopies(Math.max(0, s.weight()), s.url()).stream())
                .toList();
        this.passHostHeader = config.passHostHeader();
        this.healthChecker = healthChecker;
    }

    @Override
    public void serve(Exchange exchange, Forwarder forwarder) {
        exchange.serviceName(name);
        URI target = pick();
        if (target == null) {
            Responses.serviceUnavailable(exchange);
            return;
        }
        forwarder.forward(exchange, target, passHostHeader,
                healthChecker == null ? () -> { } : () -> healthChecker.markDown(target));
    }

    private URI pick() {
        int size = rotation.size();
        for (int i = 0; i < size; i++) {
            URI candidate = rotation.get(Math.floorMod(next.getAndIncrement(), size));
            if (healthChecker == null || healthChecker.isUp(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (healthChecker != null) {
            healthChecker.close();
        }
    }
}
