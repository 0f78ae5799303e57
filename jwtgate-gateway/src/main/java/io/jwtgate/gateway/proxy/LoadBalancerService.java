package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Responses;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Traefik's {@code loadBalancer}: weighted round robin over the servers that are up. Servers
 * are "up" unless a health check says otherwise; with no server up the answer is 503.
 */
public final class LoadBalancerService implements ServiceHandler {

    private final String name;
    private final List<Server> rotation;
    private final boolean passHostHeader;
    private final HealthChecker healthChecker;
    private final AtomicInteger next = new AtomicInteger();

    public LoadBalancerService(ServiceConfig.LoadBalancer config, HealthChecker healthChecker) {
        this.name = config.name();
        // Expanding weights into a rotation keeps selection a single atomic increment.
        // One Server per URL, computed here so that a request allocates neither strings nor callbacks.
        java.util.Map<URI, Server> servers = new java.util.HashMap<>();
        this.rotation = config.servers().stream()
                .flatMap(s -> java.util.Collections.nCopies(Math.max(0, s.weight()), s.url()).stream())
                .map(url -> servers.computeIfAbsent(url, u -> new Server(Forwarder.Target.of(u),
                        healthChecker == null ? () -> { } : () -> healthChecker.markDown(u))))
                .toList();
        this.passHostHeader = config.passHostHeader();
        this.healthChecker = healthChecker;
    }

    private record Server(Forwarder.Target target, Runnable markDown) {}

    @Override
    public void serve(Exchange exchange, Forwarder forwarder) {
        exchange.serviceName(name);
        Server server = pick();
        if (server == null) {
            Responses.serviceUnavailable(exchange);
            return;
        }
        forwarder.forward(exchange, server.target(), passHostHeader, server.markDown());
    }

    private Server pick() {
        int size = rotation.size();
        for (int i = 0; i < size; i++) {
            Server candidate = rotation.get(Math.floorMod(next.getAndIncrement(), size));
            if (healthChecker == null || healthChecker.isUp(candidate.target().uri())) {
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
