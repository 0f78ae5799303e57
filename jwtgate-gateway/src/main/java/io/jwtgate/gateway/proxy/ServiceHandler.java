package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.Exchange;

/** A built service: picks a backend for the exchange and forwards it with the event loop's forwarder. */
public interface ServiceHandler extends AutoCloseable {

    void serve(Exchange exchange, Forwarder forwarder);

    @Override
    default void close() {}
}
