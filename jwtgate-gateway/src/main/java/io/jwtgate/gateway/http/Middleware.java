package io.jwtgate.gateway.http;

/**
 * One step of a router's chain. It either answers the client itself (and does not call
 * {@code next}) or edits the exchange and calls {@code next.proceed()}, possibly later, from the
 * same event loop. It must never block.
 */
public interface Middleware extends AutoCloseable {

    void handle(Exchange exchange, Next next);

    /** Releases background work (key refreshes, timers). Called when a configuration no longer uses it. */
    @Override
    default void close() {}

    @FunctionalInterface
    interface Next {
        void proceed();
    }
}
