package io.jwtgate.jwt.introspection;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.jwtgate.jwt.cache.TokenDigest;
import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.json.StrictJsonParser;
import io.jwtgate.jwt.keys.LimitedBody;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an RFC 7662 endpoint whether a token is active, without blocking the caller. Answers are cached by the
 * SHA-256 of the token (never the token itself): active ones for at most {@code cacheTtl} and never past their
 * {@code exp}, inactive ones for {@code negativeCacheTtl}; failures are not cached, so the next request asks again.
 * Concurrent requests with the same token share one call. Never completes exceptionally.
 */
public final class Introspector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Introspector.class);
    /** Largest answer read; an introspection answer is a small JSON object. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** How to reach the endpoint: the URL, the fixed form fields after {@code token}, and the headers. */
    public record Endpoint(URI url, String extraForm, List<Map.Entry<String, String>> headers, Duration timeout, int maxRetries) {
        public Endpoint {
            headers = List.copyOf(headers);
        }

        @Override
        public String toString() {
            return "Endpoint[" + url + "]"; // the form and headers hold client credentials
        }
    }

    private final Endpoint endpoint;
    private final HttpClient client;
    private final boolean ownsClient;
    private final Clock clock;
    private final String middlewareName;
    private final AsyncCache<TokenDigest, IntrospectionResult> cache;
    private final long activeTtlNanos;
    private final long inactiveTtlNanos;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final AtomicLong suppressed = new AtomicLong();

    public Introspector(Endpoint endpoint, HttpClient client, boolean ownsClient, Duration cacheTtl, Duration negativeCacheTtl, int cacheSize,
                        Clock clock, String middlewareName) {
        this.endpoint = endpoint;
        this.client = client;
        this.ownsClient = ownsClient;
        this.clock = clock;
        this.middlewareName = middlewareName;
        this.activeTtlNanos = cacheTtl.toNanos();
        this.inactiveTtlNanos = negativeCacheTtl.toNanos();
        this.cache = cacheSize == 0 || (activeTtlNanos == 0 && inactiveTtlNanos == 0) ? null
                : Caffeine.newBuilder().maximumSize(cacheSize).expireAfter(new ResultExpiry()).buildAsync();
    }

    /** The form fields after {@code token}: {@code token_type_hint}, and the client's id and secret for {@code client_secret_post}. */
    public static String extraForm(String tokenTypeHint, String postClientId, String postClientSecret) {
        StringBuilder form = new StringBuilder();
        if (tokenTypeHint != null) {
            form.append("&token_type_hint=").append(encode(tokenTypeHint));
        }
        if (postClientId != null) {
            form.append("&client_id=").append(encode(postClientId));
            if (postClientSecret != null) {
                form.append("&client_secret=").append(encode(postClientSecret));
            }
        }
        return form.toString();
    }

    /** {@code client_secret_basic}: id and secret form-encoded, then joined and base64-encoded (RFC 6749 section 2.3.1). */
    public static String basicCredentials(String clientId, String clientSecret) {
        String pair = encode(clientId) + ":" + encode(clientSecret == null ? "" : clientSecret);
        return "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public URI url() {
        return endpoint.url();
    }

    /** @param token printable ASCII (the caller checked it) */
    public CompletableFuture<IntrospectionResult> introspect(String token) {
        if (cache == null) {
            return call(token, 0);
        }
        return cache.get(TokenDigest.of(token), (key, executor) -> call(token, 0));
    }

    private CompletableFuture<IntrospectionResult> call(String token, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.url())
                .timeout(endpoint.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + encode(token) + endpoint.extraForm()));
        endpoint.headers().forEach(h -> request.header(h.getKey(), h.getValue()));
        CompletableFuture<IntrospectionResult> result;
        try {
            result = client.sendAsync(request.build(), LimitedBody.handler(MAX_RESPONSE_BYTES))
                    .handle((response, error) -> error == null ? Attempt.of(response) : Attempt.failed(error))
                    .thenCompose(a -> a.retryable() && attempt < endpoint.maxRetries() ? call(token, attempt + 1)
                            : CompletableFuture.completedFuture(a.result()));
        } catch (RuntimeException e) {
            result = CompletableFuture.completedFuture(new IntrospectionResult.Unavailable("request could not be sent: " + e));
        }
        if (attempt > 0) {
            return result;
        }
        return result.thenApply(this::logged);
    }

    /** One answer: what it means, and whether another try may give a better one. */
    private record Attempt(IntrospectionResult result, boolean retryable) {

        static Attempt failed(Throwable error) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
            String what = cause instanceof java.net.http.HttpTimeoutException ? "timed out"
                    : cause instanceof java.net.ConnectException ? "connection refused or unreachable"
                    : cause instanceof LimitedBody.TooLarge ? "answer larger than " + MAX_RESPONSE_BYTES + " bytes"
                    : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            return new Attempt(new IntrospectionResult.Unavailable(what), cause instanceof IOException && !(cause instanceof LimitedBody.TooLarge));
        }

        static Attempt of(HttpResponse<byte[]> response) {
            int status = response.statusCode();
            if (status != 200) {
                // 5xx and 429 may pass; 4xx means our request or our client credentials are wrong, which retrying does not fix.
                return new Attempt(new IntrospectionResult.Unavailable("endpoint answered HTTP " + status), status >= 500 || status == 429);
            }
            JsonValue.JsonObject answer;
            try {
                answer = StrictJsonParser.parseObject(response.body());
            } catch (StrictJsonParser.JsonRejected e) {
                return new Attempt(new IntrospectionResult.Unavailable("answer is not a JSON object: " + e.getMessage()), false);
            }
            // RFC 7662 section 2.2: active is REQUIRED and boolean. Anything else is not an answer: fail closed.
            if (answer.get("active") instanceof JsonValue.JsonBool active) {
                return new Attempt(active.value() ? new IntrospectionResult.Active(answer) : new IntrospectionResult.Inactive(), false);
            }
            return new Attempt(new IntrospectionResult.Unavailable("answer has no boolean \"active\" member"), false);
        }
    }

    /** Logs failures, at most once per 30 seconds per middleware with the count of those not logged (an outage must not flood the log). */
    private IntrospectionResult logged(IntrospectionResult result) {
        if (result instanceof IntrospectionResult.Unavailable u) {
            long now = System.nanoTime();
            long last = lastWarning.get();
            if (now - last >= LOG_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
                long more = suppressed.getAndSet(0);
                LOG.warn("[{}] token introspection at {} failed: {}; requests that need it are denied (401 INTROSPECTION_UNAVAILABLE){}",
                        middlewareName, endpoint.url(), u.detail(), more == 0 ? "" : " (" + more + " more failures since the last message)");
            } else {
                suppressed.incrementAndGet();
            }
        }
        return result;
    }

    /** Active: until the earlier of {@code cacheTtl} and {@code exp}; inactive: {@code negativeCacheTtl}; a failure: not kept. */
    private final class ResultExpiry implements Expiry<TokenDigest, IntrospectionResult> {
        @Override
        public long expireAfterCreate(TokenDigest key, IntrospectionResult value, long currentTime) {
            return switch (value) {
                case IntrospectionResult.Active a -> Math.min(activeTtlNanos, untilExp(a.claims()));
                case IntrospectionResult.Inactive i -> inactiveTtlNanos;
                case IntrospectionResult.Unavailable u -> 0;
            };
        }

        @Override
        public long expireAfterUpdate(TokenDigest key, IntrospectionResult value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(TokenDigest key, IntrospectionResult value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    private long untilExp(JsonValue.JsonObject claims) {
        if (!(claims.get("exp") instanceof JsonValue.JsonNumber exp)) {
            return Long.MAX_VALUE;
        }
        try {
            long millis = exp.toBigDecimal().movePointRight(3).longValue() - clock.millis();
            return millis <= 0 ? 0 : TimeUnit.MILLISECONDS.toNanos(millis);
        } catch (ArithmeticException | NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.shutdownNow();
        }
    }
}
