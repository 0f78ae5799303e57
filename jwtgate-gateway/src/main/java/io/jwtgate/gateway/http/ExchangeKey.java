package io.jwtgate.gateway.http;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A typed slot on an {@link Exchange} for what one package hands to another during a request
 * without {@code http} knowing its type: the event loop's forwarder for middlewares that call a
 * service themselves, the claims of a verified token for the middlewares after the JWT one.
 * Declare each key once, as a constant: each gets its own index in the exchange's slot array.
 */
public final class ExchangeKey<T> {

    /** Slots an exchange has room for; a few keys exist in the whole gateway. */
    static final int MAX = 8;
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final String name;
    private final Class<T> type;
    final int index;

    public ExchangeKey(String name, Class<T> type) {
        this.name = name;
        this.type = type;
        this.index = NEXT.getAndIncrement();
        if (index >= MAX) {
            throw new IllegalStateException("more than " + MAX + " exchange keys; raise ExchangeKey.MAX");
        }
    }

    T cast(Object value) {
        return type.cast(value);
    }

    @Override
    public String toString() {
        return "ExchangeKey[" + name + "]";
    }
}
