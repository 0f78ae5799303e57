package io.jwtgate.gateway.middleware.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.gateway.middleware.ip.SourceCriterion;
import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.config.GoDuration;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Traefik's {@code rateLimit}, in memory (per gateway instance): a token bucket per source
 * ({@code sourceCriterion}), {@code average} requests per {@code period} on average with
 * {@code burst} at once. A request whose token comes within a short grace ({@code maxDelay},
 * half the interval between two tokens, at most 500 ms for slow rates) waits for it, on a timer;
 * later than that, it is refused with 429, {@code Retry-After} (whole seconds) and
 * {@code X-Retry-In} (the exact delay), as Traefik does. {@code average: 0} means no limit.
 */
public final class RateLimitMiddleware implements Middleware {

    public static final RegisteredType TYPE = new RegisteredType("rateLimit", "configuration.md#ratelimit",
            (config, ctx) -> new RateLimitMiddleware(config.name(), Options.parse(config.options(), ctx.warnings()), ctx.vertx()));

    /** Traefik keeps at most this many sources per middleware (its ttlmap size). */
    static final int MAX_SOURCES = 65_536;

    /**
     * @param average  {@code average}: requests per period, 0 for no limit
     * @param period   {@code period}: default 1s
     * @param burst    {@code burst}: default 1 (at least 1)
     * @param source   {@code sourceCriterion}: default the client IP
     */
    public record Options(long average, Duration period, int burst, SourceCriterion source) {

        static Options parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
            o.warnUnknownKeys(Set.of("average", "period", "burst", "sourceCriterion", "redis"), warnings);
            if (o.has("redis")) {
                // Failing closed: a per-instance limit in place of a shared one would multiply it by the replicas.
                throw o.get("redis").error("Redis-backed rateLimit is not implemented by this jwtgate version",
                        "remove `redis` to limit per gateway instance; routers using this middleware answer 503 until then");
            }
            long average = o.get("average").integer(0);
            if (average < 0) {
                throw o.get("average").error("must not be negative", "write a number of requests such as 100, or 0 for no limit");
            }
            Duration period = o.get("period").duration(Duration.ofSeconds(1));
            if (period.isZero()) {
                period = Duration.ofSeconds(1);
            }
            long burst = Math.max(1, o.get("burst").integer(1));
            if (burst > Integer.MAX_VALUE) {
                throw o.get("burst").error("is too large", "write a number of requests such as 50");
            }
            return new Options(average, period, (int) burst, SourceCriterion.parse(o.get("sourceCriterion"), warnings));
        }

        /** Tokens per second; infinite when {@code average} is 0. */
        double rate() {
            return average == 0 ? Double.POSITIVE_INFINITY : average * 1e9 / period.toNanos();
        }

        /** Traefik's grace: half the interval between tokens, 500 ms below one token per second. */
        long maxDelayNanos() {
            double rate = rate();
            if (Double.isInfinite(rate)) {
                return 0;
            }
            return rate < 1 ? 500_000_000L : 1_000_000_000L / ((long) rate * 2);
        }

        /** Traefik's bucket lifetime after the last request: 2 s for rates of 1/s or more, 1 + 1/rate s below. */
        Duration idleTtl() {
            double rate = rate();
            return Duration.ofSeconds(rate >= 1 ? 2 : 1 + (long) (1 / rate));
        }
    }

    private final String name;
    private final Options options;
    private final Vertx vertx;
    private final double rate;
    private final long maxDelay;
    private final Cache<String, TokenBucket> buckets;

    public RateLimitMiddleware(String name, Options options, Vertx vertx) {
        this.name = name;
        this.options = options;
        this.vertx = vertx;
        this.rate = options.rate();
        this.maxDelay = options.maxDelayNanos();
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_SOURCES)
                .expireAfterAccess(options.idleTtl().toNanos(), TimeUnit.NANOSECONDS).build();
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        String source = options.source().source(exchange);
        long now = System.nanoTime();
        TokenBucket bucket = buckets.get(source, s -> new TokenBucket(rate, options.burst(), now));
        long delay = bucket.reserve(now, maxDelay);
        if (delay < 0) {
            long wait = -delay;
            exchange.response().putHeader("Retry-After", Long.toString((long) Math.ceil(wait / 1e9)))
                    .putHeader("X-Retry-In", GoDuration.format(Duration.ofNanos(wait)));
            Responses.answer(exchange, 429, "text/plain; charset=utf-8", "Too Many Requests");
            return;
        }
        if (delay == 0) {
            next.proceed();
            return;
        }
        // Within the grace: wait for the token without holding the event loop.
        vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(delay)), id -> {
            if (!exchange.aborted()) {
                next.proceed();
            }
        });
    }

    @Override
    public String toString() {
        return "rateLimit " + name + " (" + options.average() + "/" + options.period() + ", burst " + options.burst() + ", by "
                + options.source().description() + ")";
    }
}
