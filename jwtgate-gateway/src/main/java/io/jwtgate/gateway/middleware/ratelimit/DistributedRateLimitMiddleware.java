package io.jwtgate.gateway.middleware.ratelimit;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.gateway.middleware.ip.SourceCriterion;
import io.jwtgate.jwt.config.ConfigException;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;

/**
 * Traefik Hub's {@code distributedRateLimit} plugin (a jwtgate extension to Traefik Proxy's
 * catalogue): a token bucket per source shared by every replica through Redis, {@code limit}
 * requests per {@code period} with {@code burst} at once. The maths, the grace and the 429 are
 * those of {@code rateLimit}. When Redis fails, {@code denyOnError} (Hub's default: true) answers
 * 500 {@code Could not insert/update bucket}, as Traefik's {@code rateLimit.redis} does; false lets the
 * request through unlimited. {@code responseHeaders} adds {@code X-RateLimit-Limit} (the burst),
 * {@code X-RateLimit-Remaining} (tokens left) and {@code X-RateLimit-Reset} (seconds until the
 * bucket is full again) to every answer Redis decided, forwarded or refused.
 */
public final class DistributedRateLimitMiddleware implements Middleware {

    public static final RegisteredType TYPE = new RegisteredType("plugin.distributedRateLimit", "configuration.md#distributedratelimit-jwtgate-extension",
            (config, ctx) -> new DistributedRateLimitMiddleware(config.name(), Options.parse(config.options(), config.name(), ctx), ctx.vertx()));

    static final String LIMIT = "X-RateLimit-Limit";
    static final String REMAINING = "X-RateLimit-Remaining";
    static final String RESET = "X-RateLimit-Reset";

    /**
     * @param limit           {@code limit}: requests per period, 0 for no limit
     * @param period          {@code period}: default 1s
     * @param burst           {@code burst}: default 1 (at least 1)
     * @param denyOnError     {@code denyOnError}: default true
     * @param responseHeaders {@code responseHeaders}: default false
     * @param source          {@code sourceCriterion}: default the client IP
     * @param store           {@code store.redis}
     */
    public record Options(long limit, Duration period, int burst, boolean denyOnError, boolean responseHeaders, SourceCriterion source,
                          RedisStoreOptions store) {

        static Options parse(ConfigNode o, String name, BuildContext ctx) throws ConfigException {
            o.warnUnknownKeys(Set.of("limit", "period", "burst", "denyOnError", "responseHeaders", "sourceCriterion", "store"), ctx.warnings());
            long limit = o.get("limit").integer(0);
            if (limit < 0) {
                throw o.get("limit").error("must not be negative", "write a number of requests such as 100, or 0 for no limit");
            }
            ConfigNode store = o.get("store");
            store.warnUnknownKeys(Set.of("redis"), ctx.warnings());
            if (!store.has("redis")) {
                throw store.get("redis").error("is required", "give the Redis that all replicas share: `store: {redis: {endpoints: [\"redis:6379\"]}}`");
            }
            return new Options(limit, RateLimitMiddleware.Options.period(o.get("period")), RateLimitMiddleware.Options.burst(o.get("burst")),
                    o.get("denyOnError").bool(true), o.get("responseHeaders").bool(false),
                    SourceCriterion.parse(o.get("sourceCriterion"), ctx.warnings()),
                    RedisStoreOptions.parseHub(store.get("redis"), name, ctx));
        }
    }

    private final String name;
    private final Options options;
    private final Vertx vertx;
    private final double rate;
    private final long maxDelay;
    private final RedisBuckets redis;

    public DistributedRateLimitMiddleware(String name, Options options, Vertx vertx) {
        this.name = name;
        this.options = options;
        this.vertx = vertx;
        this.rate = RateLimitMiddleware.Options.rate(options.limit(), options.period());
        this.maxDelay = RateLimitMiddleware.Options.maxDelayNanos(rate);
        this.redis = Double.isInfinite(rate) ? null : new RedisBuckets(vertx, name, options.store());
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        if (redis == null) {
            next.proceed(); // limit 0: no limit, nothing to count or report
            return;
        }
        String key = RedisBuckets.KEY_PREFIX + name + ":" + options.source().source(exchange);
        redis.reserve(key, rate, options.burst(), RateLimitMiddleware.Options.idleTtl(rate), maxDelay,
                options.denyOnError() ? "requests are answered 500 (denyOnError)" : "requests pass unlimited (denyOnError: false)")
                .onComplete(ar -> {
                    if (exchange.aborted()) {
                        return;
                    }
                    if (ar.failed()) {
                        if (options.denyOnError()) {
                            Responses.answer(exchange, 500, RateLimitMiddleware.STORE_ERROR_BODY);
                        } else {
                            next.proceed();
                        }
                        return;
                    }
                    RedisBuckets.Reservation r = ar.result();
                    boolean refused = r.waitNanos() > maxDelay;
                    if (options.responseHeaders()) {
                        addHeaders(exchange, r, refused);
                    }
                    if (refused) {
                        RateLimitMiddleware.tooManyRequests(exchange, r.waitNanos());
                    } else {
                        RateLimitMiddleware.proceedAfter(vertx, exchange, next, r.waitNanos());
                    }
                });
    }

    private void addHeaders(Exchange exchange, RedisBuckets.Reservation r, boolean refused) {
        String remaining = Long.toString(refused ? 0 : (long) Math.floor(Math.max(0, r.tokens())));
        String reset = Long.toString((long) Math.ceil(Math.max(0, options.burst() - r.tokens()) / rate));
        String limit = Integer.toString(options.burst());
        exchange.onResponseHead((status, headers) -> headers.set(LIMIT, limit).set(REMAINING, remaining).set(RESET, reset));
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    public String toString() {
        return "distributedRateLimit " + name + " (" + options.limit() + "/" + options.period() + ", burst " + options.burst() + ", by "
                + options.source().description() + ", in " + options.store() + ")";
    }
}
