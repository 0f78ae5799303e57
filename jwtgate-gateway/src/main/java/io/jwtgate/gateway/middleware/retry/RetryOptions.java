package io.jwtgate.gateway.middleware.retry;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.middleware.StatusCodeRanges;
import io.jwtgate.jwt.config.ConfigException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code retry} middleware's options, as Traefik v3.7 reads them.
 *
 * @param attempts              {@code attempts}: how many times the request is sent at most (required, at least 1)
 * @param initialInterval       {@code initialInterval}: the first wait of the exponential back-off; zero retries at once
 * @param timeout               {@code timeout}: after this long since the first attempt, the next answer goes to the client; zero for none
 * @param maxRequestBodyBytes   {@code maxRequestBodyBytes}: the largest body kept in memory to be replayed (default 2 MiB; negative: no limit)
 * @param status                {@code status}: answers with these codes are retried too (the body is then kept to be replayed)
 * @param retryOnNetworkError   not {@code disableRetryOnNetworkError}: a request that could not be sent to a server is retried
 * @param retryNonIdempotent    {@code retryNonIdempotentMethod}: {@code status} applies to POST, PATCH and LOCK too
 */
public record RetryOptions(int attempts, Duration initialInterval, Duration timeout, long maxRequestBodyBytes, StatusCodeRanges status,
                           boolean retryOnNetworkError, boolean retryNonIdempotent) {

    /** Traefik's {@code RetryDefaultMaxRequestBodyBytes}. */
    static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 2L * 1024 * 1024;

    static RetryOptions parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
        o.warnUnknownKeys(Set.of("attempts", "initialInterval", "timeout", "maxRequestBodyBytes", "status", "disableRetryOnNetworkError",
                "retryNonIdempotentMethod"), warnings);
        StatusCodeRanges status = StatusCodeRanges.parse(o.get("status"), warnings);
        boolean disableNetwork = o.get("disableRetryOnNetworkError").bool(false);
        if (status.isEmpty() && disableNetwork) {
            throw o.get("disableRetryOnNetworkError").error("leaves nothing to retry on: the retry middleware requires at least"
                    + " HTTP status codes or retry on network errors", "list codes under status, or remove disableRetryOnNetworkError");
        }
        long attempts = o.get("attempts").integer(0);
        if (attempts <= 0 || attempts > Integer.MAX_VALUE) {
            throw o.get("attempts").error("incorrect (or empty) value for attempt (" + attempts + ")",
                    "set attempts to how many times a request may be sent, e.g. attempts: 3");
        }
        return new RetryOptions((int) attempts, o.get("initialInterval").duration(Duration.ZERO), o.get("timeout").duration(Duration.ZERO),
                o.get("maxRequestBodyBytes").integer(DEFAULT_MAX_REQUEST_BODY_BYTES), status, !disableNetwork,
                o.get("retryNonIdempotentMethod").bool(false));
    }
}
