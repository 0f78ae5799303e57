package io.jwtgate.gateway.middleware.retry;

import io.jwtgate.gateway.http.ResponseWriter;
import io.jwtgate.gateway.middleware.DetachedHeadFilter;
import io.jwtgate.gateway.proxy.ForwardProgress;

/**
 * The writer one attempt (all but the last) writes to, as Traefik's retry {@code responseWriter}:
 * an answer the attempt should be retried for is dropped, head and body, and the next attempt
 * starts once it has ended; any other answer goes to the client as it comes.
 */
final class AttemptFilter extends DetachedHeadFilter {

    private final RetryRun run;
    private final ForwardProgress progress;

    AttemptFilter(ResponseWriter next, RetryRun run, ForwardProgress progress) {
        super(next);
        this.run = run;
        this.progress = progress;
    }

    @Override
    protected boolean admit(int status) {
        return !run.shouldRetry(status, progress);
    }

    @Override
    protected void discarded(int status) {
        run.retry(status);
    }
}
