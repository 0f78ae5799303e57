package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.Exchange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Traefik's {@code weighted} service: shares requests between other services by weight. */
public final class WeightedService implements ServiceHandler {

    private final String name;
    private final List<ServiceHandler> rotation;
    private final AtomicInteger next = new AtomicInteger();

    public WeightedService(String name, List<ServiceHandler> children, List<Integer> weights) {
        this.name = name;
        List<ServiceHandler> r = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            for (int w = 0; w < Math.max(0, weights.get(i)); w++) {
                r.add(children.get(i));
            }
        }
        this.rotation = List.copyOf(r);
    }

    @Override
    public void serve(Exchange exchange, Forwarder forwarder) {
        if (rotation.isEmpty()) {
            new UnavailableService("all weights are zero").serve(exchange, forwarder);
            return;
        }
        exchange.serviceName(name);
        rotation.get(Math.floorMod(next.getAndIncrement(), rotation.size())).serve(exchange, forwarder);
    }
}
