package io.jwtgate.gateway.observability;

import io.jwtgate.gateway.http.Exchange;

/** Told about every finished response (access log, metrics). Runs on the event loop: must not block. */
@FunctionalInterface
public interface RequestObserver {

    void completed(Exchange exchange, int status, long bytesWritten);
}
