package io.jwtgate.gateway.middleware.retry;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.ReplayableBody;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.gateway.middleware.StatusCodeRanges;
import io.vertx.core.http.HttpMethod;

/**
 * Traefik's {@code retry} middleware (v3.7): sends the request again, up to {@code attempts}
 * times in all, when the attempt could not be sent to a server (a refused or timed-out
 * connection: nothing reached the backend, so replaying it is always safe) and, with
 * {@code status}, when the answer has one of those codes (the body is then read into memory
 * first, up to {@code maxRequestBodyBytes}, so that each attempt sends it whole). Once a request
 * has started to go out to a server, a network failure is never retried: a half-sent body is
 * never sent again. Answers produced before the proxy (a 401 of an authentication middleware)
 * are retried only for their status.
 */
public final class RetryMiddleware implements Middleware {

    public static final RegisteredType TYPE = new RegisteredType("retry", "configuration.md#retry",
            (config, ctx) -> new RetryMiddleware(config.name(), RetryOptions.parse(config.options(), ctx.warnings())));

    private final String name;
    private final RetryOptions options;

    public RetryMiddleware(String name, RetryOptions options) {
        this.name = name;
        this.options = options;
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        if (options.attempts() == 1) {
            next.proceed();
            return;
        }
        HttpMethod method = exchange.request().method();
        boolean idempotent = method != HttpMethod.POST && method != HttpMethod.PATCH && !method.name().equals("LOCK");
        StatusCodeRanges statusCodes = options.retryNonIdempotent() || idempotent ? options.status() : StatusCodeRanges.none();
        if (statusCodes.isEmpty() && !options.retryOnNetworkError()) {
            next.proceed(); // nothing this request could be retried for
            return;
        }
        if (statusCodes.isEmpty()) {
            new RetryRun(name, options, exchange, next, statusCodes).start();
            return;
        }
        ReplayableBody.read(exchange, options.maxRequestBodyBytes(), replayable ->
                new RetryRun(name, options, exchange, next, replayable ? statusCodes : StatusCodeRanges.none()).start());
    }
}
