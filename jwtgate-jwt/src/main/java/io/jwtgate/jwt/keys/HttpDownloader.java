package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.FetchFailure;
import io.jwtgate.jwt.config.KeySetPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;

/**
 * One GET of a small JSON document (a JWK Set or a discovery document) without blocking the caller:
 * an overall deadline of {@code timeout} per attempt (headers and body: a server that stalls mid-body
 * is cut off too), a body capped at {@code maxBytes}, retries on connection errors, timeouts and 5xx
 * only (decision 18) with exponential back-off and jitter. Never completes exceptionally.
 */
final class HttpDownloader {

    private final HttpClient client;
    private final Duration timeout;
    private final int maxRetries;
    private final KeySetPolicy policy;

    HttpDownloader(HttpClient client, Duration timeout, int maxRetries, KeySetPolicy policy) {
        this.client = client;
        this.timeout = timeout;
        this.maxRetries = maxRetries;
        this.policy = policy;
    }

    KeySetPolicy policy() {
        return policy;
    }

    CompletableFuture<Download> get(URI uri, String accept) {
        return attempt(uri, accept, 0);
    }

    private CompletableFuture<Download> attempt(URI uri, String accept, int attempt) {
        return once(uri, accept).thenCompose(result -> {
            if (!(result instanceof Download.Failed failed) || !failed.retryable() || attempt >= maxRetries) {
                if (attempt > 0 && result instanceof Download.Failed failed) {
                    return CompletableFuture.completedFuture(new Download.Failed(uri, failed.cause(),
                            failed.message() + " (after " + (attempt + 1) + " attempts)", false));
                }
                return CompletableFuture.completedFuture(result);
            }
            long delay = backoffMillis(attempt);
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, Scheduler.INSTANCE))
                    .thenCompose(ignored -> attempt(uri, accept, attempt + 1));
        });
    }

    /** Exponential back-off with jitter: base * 2^attempt, capped, then a random 50..100 % of it. */
    long backoffMillis(int attempt) {
        long ceiling = Math.min(policy.retryMaxDelay().toMillis(), policy.retryBaseDelay().toMillis() << Math.min(attempt, 20));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    private CompletableFuture<Download> once(URI uri, String accept) {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(timeout)
                .header("Accept", accept)
                .header("User-Agent", "jwtgate")
                .build();
        CompletableFuture<HttpResponse<byte[]>> response;
        try {
            response = client.sendAsync(request, LimitedBody.handler(policy.maxBytes()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Download.Failed(uri, FetchFailure.INTERNAL, "cannot send request: " + e, false));
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        // The client's request timeout stops at the response headers; this deadline also covers the body.
        ScheduledFuture<?> deadline = Scheduler.INSTANCE.schedule(() -> {
            timedOut.set(true);
            response.cancel(true);
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return response.handle((r, error) -> {
            deadline.cancel(false);
            if (error != null) {
                return classify(uri, error, timedOut.get());
            }
            int status = r.statusCode();
            if (status != 200) {
                return new Download.Failed(uri, FetchFailure.HTTP_STATUS, "HTTP " + status, status >= 500);
            }
            if (r.body() == null) {
                return tooLarge(uri);
            }
            return new Download.Ok(uri, r.body(), r.headers());
        });
    }

    private Download.Failed tooLarge(URI uri) {
        return new Download.Failed(uri, FetchFailure.TOO_LARGE, "response larger than " + policy.maxBytes() + " bytes", false);
    }

    private Download.Failed classify(URI uri, Throwable error, boolean timedOut) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (timedOut || cause instanceof HttpTimeoutException) {
            return new Download.Failed(uri, FetchFailure.TIMEOUT, "no complete answer within " + timeout.toSeconds() + " s", true);
        }
        if (cause instanceof CancellationException) {
            return new Download.Failed(uri, FetchFailure.INTERNAL, "request cancelled", false);
        }
        if (cause instanceof LimitedBody.TooLarge) {
            return tooLarge(uri);
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return new Download.Failed(uri, FetchFailure.TLS, "TLS: " + c.getMessage(), false);
            }
        }
        if (cause instanceof ConnectException || cause instanceof IOException) {
            return new Download.Failed(uri, FetchFailure.CONNECT, "connection error: " + cause, true);
        }
        return new Download.Failed(uri, FetchFailure.INTERNAL, "unexpected error: " + cause, false);
    }
}
