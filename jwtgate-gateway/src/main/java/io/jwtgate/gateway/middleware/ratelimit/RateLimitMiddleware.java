package io.jwtgate.gateway.middleware.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.gateway.middleware.ip.SourceCriterion;
import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.config.GoDuration;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Traefik's {@code rateLimit}: a token bucket per source ({@code sourceCriterion}), {@code average}
 * requests per {@code period} on average with {@code burst} at once, per gateway instance or,
 * with {@code redis}, shared by every instance using that Redis. A request whose token comes
 * within a short grace ({@code maxDelay}, half the interval between two tokens, at most 500 ms for
 * slow rates) waits for it, on a timer; later than that, it is refused with 429,
 * {@code Retry-After} (whole seconds) and {@code X-Retry-In} (the exact delay), as Traefik does.
 * When Redis fails, requests get Traefik's 500 {@code Could not insert/update bucket}.
 * {@code average: 0} means no limit (Redis is then not asked).
 */
public final class RateLimitMiddleware implements Middleware {

    public static final RegisteredType TYPE = new RegisteredType("rateLimit", "configuration.md#ratelimit",
            (config, ctx) -> new RateLimitMiddleware(config.name(), Options.parse(config.options(), config.name(), ctx), ctx.vertx()));

    /** Traefik keeps at most this many sources per middleware (its ttlmap size). */
    static final int MAX_SOURCES = 65_536;

    /** Traefik's answer when its bucket store fails (http.Error, hence the newline). */
    static final String STORE_ERROR_BODY = "Could not insert/update bucket\n";

    /**
     * @param average  {@code average}: requests per period, 0 for no limit
     * @param period   {@code period}: default 1s
     * @param burst    {@code burst}: default 1 (at least 1)
     * @param source   {@code sourceCriterion}: default the client IP
     * @param redis    {@code redis}: the shared store, or null for buckets in this instance's memory
     */
    public record Options(long average, Duration period, int burst, SourceCriterion source, RedisStoreOptions redis) {

        static Options parse(ConfigNode o, String name, BuildContext ctx) throws ConfigException {
            o.warnUnknownKeys(Set.of("average", "period", "burst", "sourceCriterion", "redis"), ctx.warnings());
            long average = o.get("average").integer(0);
            if (average < 0) {
                throw o.get("average").error("must not be negative", "write a number of requests such as 100, or 0 for no limit");
            }
            RedisStoreOptions redis = o.has("redis") ? RedisStoreOptions.parseTraefik(o.get("redis"), name, ctx) : null;
            return new Options(average, period(o.get("period")), burst(o.get("burst")),
                    SourceCriterion.parse(o.get("sourceCriterion"), ctx.warnings()), redis);
        }

        static Duration period(ConfigNode n) throws ConfigException {
            Duration period = n.duration(Duration.ofSeconds(1));
            return period.isZero() ? Duration.ofSeconds(1) : period;
        }

        static int burst(ConfigNode n) throws ConfigException {
            long burst = Math.max(1, n.integer(1));
            if (burst > Integer.MAX_VALUE) {
                throw n.error("is too large", "write a number of requests such as 50");
            }
            return (int) burst;
        }

        /** Tokens per second; infinite when {@code average} is 0. */
        double rate() {
            return rate(average, period);
        }

        static double rate(long average, Duration period) {
            return average == 0 ? Double.POSITIVE_INFINITY : average * 1e9 / period.toNanos();
        }

        /** Traefik's grace: half the interval between tokens, 500 ms below one token per second. */
        static long maxDelayNanos(double rate) {
            if (Double.isInfinite(rate)) {
                return 0;
            }
            return rate < 1 ? 500_000_000L : 1_000_000_000L / ((long) rate * 2);
        }

        /** Traefik's bucket lifetime after the last request: 2 s for rates of 1/s or more, 1 + 1/rate s below. */
        static Duration idleTtl(double rate) {
            return Duration.ofSeconds(rate >= 1 ? 2 : 1 + (long) (1 / rate));
        }
    }

    private final String name;
    private final Options options;
    private final Vertx vertx;
    private final double rate;
    private final long maxDelay;
    private final Cache<String, TokenBucket> buckets;
    private final RedisBuckets redis;

    public RateLimitMiddleware(String name, Options options, Vertx vertx) {
        this.name = name;
        this.options = options;
        this.vertx = vertx;
        this.rate = options.rate();
        this.maxDelay = Options.maxDelayNanos(rate);
        boolean limited = !Double.isInfinite(rate);
        this.buckets = options.redis() != null || !limited ? null : Caffeine.newBuilder().maximumSize(MAX_SOURCES)
                .expireAfterAccess(Options.idleTtl(rate).toNanos(), TimeUnit.NANOSECONDS)
                .executor(Runnable::run) // upkeep on the event loop, as VerifiedTokenCache: no pool thread woken whenever a read buffer fills
                .<String, TokenBucket>build();
        this.redis = options.redis() != null && limited ? new RedisBuckets(vertx, name, options.redis()) : null;
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        if (Double.isInfinite(rate)) {
            // average 0: no limit. (Traefik's Redis limiter answers 429 to everything here, a bug
            // with a fix proposed in traefik#13512; the documented meaning is kept for both stores.)
            next.proceed();
            return;
        }
        String source = options.source().source(exchange);
        if (redis == null) {
            long now = System.nanoTime();
            TokenBucket bucket = buckets.get(source, s -> new TokenBucket(rate, options.burst(), now));
            long delay = bucket.reserve(now, maxDelay);
            if (delay < 0) {
                tooManyRequests(exchange, -delay);
            } else {
                proceedAfter(vertx, exchange, next, delay);
            }
            return;
        }
        redis.reserve(RedisBuckets.KEY_PREFIX + name + ":" + source, rate, options.burst(), Options.idleTtl(rate), maxDelay,
                "requests are answered 500").onComplete(ar -> {
                    if (exchange.aborted()) {
                        return;
                    }
                    if (ar.failed()) {
                        Responses.answer(exchange, 500, STORE_ERROR_BODY);
                    } else if (ar.result().waitNanos() > maxDelay) {
                        tooManyRequests(exchange, ar.result().waitNanos());
                    } else {
                        proceedAfter(vertx, exchange, next, ar.result().waitNanos());
                    }
                });
    }

    /** Traefik's refusal: 429 with the wait in whole seconds ({@code Retry-After}) and exactly ({@code X-Retry-In}). */
    static void tooManyRequests(Exchange exchange, long waitNanos) {
        if (!exchange.response().headWritten()) {
            exchange.response().putHeader("Retry-After", Long.toString((long) Math.ceil(waitNanos / 1e9)))
                    .putHeader("X-Retry-In", GoDuration.format(Duration.ofNanos(waitNanos)));
        }
        Responses.answer(exchange, 429, "text/plain; charset=utf-8", "Too Many Requests");
    }

    /** Forwards now, or after {@code delayNanos} (a token reserved within the grace) without holding the event loop. */
    static void proceedAfter(Vertx vertx, Exchange exchange, Next next, long delayNanos) {
        if (delayNanos <= 0) {
            next.proceed();
            return;
        }
        vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos)), id -> {
            if (!exchange.aborted()) {
                next.proceed();
            }
        });
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    public String toString() {
        return "rateLimit " + name + " (" + options.average() + "/" + options.period() + ", burst " + options.burst() + ", by "
                + options.source().description() + (options.redis() == null ? "" : ", shared in " + options.redis()) + ")";
    }
}
