package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Responses;

/** Stands in for a service that could not be built: fail closed with 503, the reason is in the logs. */
public record UnavailableService(String reason) implements ServiceHandler {

    @Override
    public void serve(Exchange exchange, Forwarder forwarder) {
        Responses.serviceUnavailable(exchange);
    }
}
