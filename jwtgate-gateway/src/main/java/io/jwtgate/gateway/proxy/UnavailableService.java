package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Responses;
import java.util.function.Consumer;

/** Stands in for a service that could not be built: fail closed with 503, the reason is in the logs. */
public record UnavailableService(String reason) implements ServiceHandler {

    @Override
    public void serve(Exchange exchange, Forwarder forwarder) {
        Responses.serviceUnavailable(exchange);
    }

    /** Down for good: a parent that follows health sends nothing here (its problem is already reported). */
    @Override
    public Watch watchHealth(Consumer<Boolean> listener) {
        return new Watch(false, () -> { });
    }
}
