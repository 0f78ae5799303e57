package io.jwtgate.gateway.middleware.errors;

import io.jwtgate.gateway.http.ResponseWriter;
import io.jwtgate.gateway.middleware.DetachedHeadFilter;
import io.jwtgate.gateway.middleware.StatusCodeRanges;
import java.util.function.IntConsumer;

/**
 * Traefik's {@code codeCatcher}: a response whose status is in the ranges is held back (its head
 * and body never reach the client; the body is read and dropped so the backend's connection goes
 * back to the pool), and once it has ended {@code caught} runs with its status. Any other response
 * goes through as it comes, unbuffered. Informational and upgrade heads ({@code 1xx}) always go through.
 */
final class CodeCatcher extends DetachedHeadFilter {

    private final StatusCodeRanges ranges;
    private final IntConsumer caught;

    CodeCatcher(ResponseWriter next, StatusCodeRanges ranges, IntConsumer caught) {
        super(next);
        this.ranges = ranges;
        this.caught = caught;
    }

    /** The writer below this one, toward the client: where the error page is written. */
    ResponseWriter below() {
        return next;
    }

    @Override
    protected boolean admit(int status) {
        return status < 200 || !ranges.contains(status);
    }

    @Override
    protected void discarded(int status) {
        caught.accept(status);
    }
}
