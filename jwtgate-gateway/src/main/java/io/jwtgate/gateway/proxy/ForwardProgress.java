package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.ExchangeKey;

/**
 * How far one attempt to forward an exchange got, for the {@code retry} middleware: whether a
 * backend server was picked and a connection asked for ({@link #reached}), and whether the request
 * started to go out on it ({@link #requestSent}: its head written, its body being read from the
 * client). Traefik's retry reads the same two facts (its proxy wrapper and the {@code WroteHeaders}
 * trace): an answer produced after the first and before the second (a refused or timed-out dial)
 * can be retried without the backend having seen anything. Set by the retry middleware on the
 * exchange for each attempt; the forwarder records into whatever is there.
 */
public final class ForwardProgress {

    public static final ExchangeKey<ForwardProgress> KEY = new ExchangeKey<>("forward-progress", ForwardProgress.class);

    private boolean reached;
    private boolean requestSent;

    /** The forwarder is about to ask for a connection to a server. */
    static void reached(Exchange exchange) {
        ForwardProgress progress = exchange.attribute(KEY);
        if (progress != null) {
            progress.reached = true;
        }
    }

    /** The forwarder has a connection and starts writing the request (head, then body) on it. */
    static void requestSent(Exchange exchange) {
        ForwardProgress progress = exchange.attribute(KEY);
        if (progress != null) {
            progress.requestSent = true;
        }
    }

    public boolean reached() {
        return reached;
    }

    public boolean requestSent() {
        return requestSent;
    }

    /** True when the forwarder failed before anything reached a backend: the attempt can be replayed as it was. */
    public boolean failedBeforeSending() {
        return reached && !requestSent;
    }
}
