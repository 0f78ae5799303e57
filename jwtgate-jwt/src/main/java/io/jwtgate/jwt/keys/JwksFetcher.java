package io.jwtgate.jwt.keys;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Fetches one JWK Set over HTTP without blocking: GET with a timeout, retried on connection errors,
 * timeouts and 5xx only (decision 18) with exponential back-off and jitter, body capped, keys parsed
 * and validated. Completes exceptionally with a {@link FetchFailed} naming the cause.
 */
public final class JwksFetcher {

    /** A fetched and parsed key set with its announced lifetime (null when none). */
    public record Fetched(KeySet keys, Duration announcedTtl, List<String> dropped) {}

    /** Why a fetch failed; the message is log-safe. */
    public static final class FetchFailed extends RuntimeException {
        final boolean retryable;

        FetchFailed(String message, boolean retryable) {
            super(message, null, false, false);
            this.retryable = retryable;
        }
    }

    private final HttpClient client;
    private final Duration timeout;
    private final int maxRetries;
    private final KeySetPolicy policy;

    public JwksFetcher(HttpClient client, Duration timeout, int maxRetries, KeySetPolicy policy) {
        this.client = client;
        this.timeout = timeout;
        this.maxRetries = maxRetries;
        this.policy = policy;
    }

    public CompletableFuture<Fetched> fetch(URI uri, long nowMillis) {
        return attempt(uri, nowMillis, 0);
    }

    private CompletableFuture<Fetched> attempt(URI uri, long nowMillis, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(timeout)
                .header("Accept", "application/jwk-set+json, application/json")
                .header("User-Agent", "jwtgate")
                .build();
        CompletableFuture<Fetched> single;
        try {
            single = client.sendAsync(request, LimitedBody.handler(policy.maxBytes())).thenApply(r -> toFetched(r, nowMillis));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new FetchFailed("cannot send request: " + e, false));
        }
        return single.handle((fetched, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(fetched);
            }
            FetchFailed failure = classify(error);
            if (!failure.retryable || attempt >= maxRetries) {
                return CompletableFuture.<Fetched>failedFuture(attempt == 0 ? failure
                        : new FetchFailed(failure.getMessage() + " (after " + (attempt + 1) + " attempts)", false));
            }
            long delay = backoffMillis(attempt);
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, Scheduler.INSTANCE))
                    .thenCompose(ignored -> attempt(uri, nowMillis, attempt + 1));
        }).thenCompose(f -> f);
    }

    /** Exponential back-off with jitter: base * 2^attempt, capped, then a random 50..100 % of it. */
    long backoffMillis(int attempt) {
        long ceiling = Math.min(policy.retryMaxDelay().toMillis(), policy.retryBaseDelay().toMillis() << Math.min(attempt, 20));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    private Fetched toFetched(HttpResponse<byte[]> response, long nowMillis) {
        int status = response.statusCode();
        if (status >= 500) {
            throw new FetchFailed("HTTP " + status, true);
        }
        if (status != 200) {
            throw new FetchFailed("HTTP " + status, false);
        }
        if (response.body() == null) {
            throw new FetchFailed("response larger than " + policy.maxBytes() + " bytes", false);
        }
        JwkSetParser.Parsed parsed;
        try {
            parsed = JwkSetParser.parse(new String(response.body(), StandardCharsets.UTF_8), policy.maxKeys(), false);
        } catch (IllegalArgumentException e) {
            throw new FetchFailed("invalid JWK Set: " + e.getMessage(), false);
        }
        if (parsed.keys().size() == 0) {
            throw new FetchFailed("JWK Set has no usable signature key" + (parsed.dropped().isEmpty() ? "" : ": " + parsed.dropped()), false);
        }
        return new Fetched(parsed.keys(), CacheHeaders.lifetime(response.headers(), nowMillis), parsed.dropped());
    }

    private static FetchFailed classify(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof FetchFailed f) {
            return f;
        }
        if (cause instanceof HttpTimeoutException) {
            return new FetchFailed("timeout: " + cause.getMessage(), true);
        }
        if (cause instanceof IOException) {
            boolean tooLarge = String.valueOf(cause.getMessage()).startsWith("response larger");
            return new FetchFailed((tooLarge ? "" : "connection error: ") + cause, !tooLarge);
        }
        return new FetchFailed("unexpected error: " + cause, false);
    }
}
