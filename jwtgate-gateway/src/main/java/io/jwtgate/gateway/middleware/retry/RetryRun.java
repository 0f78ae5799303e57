package io.jwtgate.gateway.middleware.retry;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware.Next;
import io.jwtgate.gateway.http.ResponseWriter;
import io.jwtgate.gateway.http.UpstreamRequest;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.middleware.StatusCodeRanges;
import io.jwtgate.gateway.proxy.ForwardProgress;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts of one request. Each attempt runs the rest of the chain again from the retry's
 * place in the response stack, on a fresh copy of the request as the retry passed it on; all
 * but the last write through an {@link AttemptFilter}, the last one straight to the client (as
 * Traefik). The waits are Vert.x timers on the request's event loop.
 */
final class RetryRun {

    private static final Logger LOG = LoggerFactory.getLogger(RetryRun.class);

    private final String name;
    private final RetryOptions options;
    private final Exchange exchange;
    private final Next next;
    /** The status codes retried for this request: none for a non-idempotent method (unless allowed) or a body too large to replay. */
    private final StatusCodeRanges statusCodes;
    private final Backoff backoff;
    private final Context context;
    private final long startNanos = System.nanoTime();
    private ResponseWriter base;
    private UpstreamRequest.Snapshot snapshot;
    private int attempt;
    private long timer = -1;
    private boolean lastForced;

    RetryRun(String name, RetryOptions options, Exchange exchange, Next next, StatusCodeRanges statusCodes) {
        this.name = name;
        this.options = options;
        this.exchange = exchange;
        this.next = next;
        this.statusCodes = statusCodes;
        this.backoff = new Backoff(options.initialInterval(), options.attempts());
        this.context = Vertx.currentContext();
    }

    void start() {
        base = exchange.response();
        snapshot = exchange.upstream().snapshot();
        exchange.onAbort(() -> {
            if (timer >= 0) {
                context.owner().cancelTimer(timer);
            }
        });
        attempt();
    }

    private void attempt() {
        if (attempt > 0 && exchange.aborted()) {
            return;
        }
        attempt++;
        if (attempt > 1) {
            exchange.upstream().restore(snapshot, exchange.request().isEnded());
        }
        exchange.resetResponse(base);
        if (attempt >= options.attempts() || lastForced) {
            exchange.attribute(ForwardProgress.KEY, null);
        } else {
            ForwardProgress progress = options.retryOnNetworkError() ? new ForwardProgress() : null;
            exchange.attribute(ForwardProgress.KEY, progress);
            exchange.wrapResponse(below -> new AttemptFilter(below, this, progress));
        }
        if (attempt == 1) {
            next.proceed(); // the entry point reports a failure of the first attempt
            return;
        }
        try {
            next.proceed();
        } catch (RuntimeException e) {
            LOG.error("middleware {}: attempt {} failed unexpectedly", name, attempt, e);
            Responses.send(exchange, 500, "Internal Server Error");
        }
    }

    /** Whether the answer an attempt is about to give should be dropped for another attempt. */
    boolean shouldRetry(int status, ForwardProgress progress) {
        long timeout = options.timeout().toNanos();
        if (timeout > 0 && System.nanoTime() - startNanos >= timeout) {
            return false;
        }
        // The server was picked but the request never left (refused or timed-out dial): nothing to undo.
        if (progress != null && progress.failedBeforeSending()) {
            return true;
        }
        return statusCodes.contains(status);
    }

    /** The attempt's answer was dropped: wait as the back-off says, then run the next attempt. */
    void retry(int droppedStatus) {
        if (exchange.aborted()) {
            return;
        }
        long wait = backoff.next(System.nanoTime() - startNanos, ThreadLocalRandom.current().nextDouble());
        if (wait == Backoff.STOP) {
            // cenkalti's back-off gives up after 15 minutes; the client still gets an answer: that of one last attempt.
            lastForced = true;
            wait = 0;
        }
        exchange.facts().retryAttempts(attempt);
        LOG.debug("middleware {}: new attempt {} for request {} (attempt {} answered {})", name, attempt + 1,
                exchange.upstream().path(), attempt, droppedStatus);
        if (context == null) {
            attempt();
        } else if (wait == 0) {
            context.runOnContext(v -> attempt());
        } else {
            long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999));
            timer = context.owner().setTimer(millis, id -> {
                timer = -1;
                attempt();
            });
        }
    }
}
