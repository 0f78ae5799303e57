package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.Exchange;
import java.util.function.Consumer;

/** A built service: picks a backend for the exchange and forwards it with the event loop's forwarder. */
public interface ServiceHandler extends AutoCloseable {

    void serve(Exchange exchange, Forwarder forwarder);

    /**
     * Traefik's {@code healthcheck.StatusUpdater}: {@code listener} hears {@code true}/{@code false}
     * each time this service as a whole goes up or down (a load balancer: one server up or none; a
     * weighted service: one child up or none). Null when the service does not report its health
     * (Traefik: "healthCheck not enabled in config for this service"): a parent with
     * {@code healthCheck} refuses such a child.
     */
    default Watch watchHealth(Consumer<Boolean> listener) {
        return null;
    }

    /** A registration: whether the service is up now (a reused child may already be down), and how to end it. */
    record Watch(boolean upNow, Runnable cancel) {}

    @Override
    default void close() {}
}
