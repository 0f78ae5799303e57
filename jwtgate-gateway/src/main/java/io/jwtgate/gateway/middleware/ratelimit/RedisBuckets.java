package io.jwtgate.gateway.middleware.ratelimit;

import io.jwtgate.jwt.config.GoDuration;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets kept in Redis and shared by every gateway replica that uses the same Redis: one
 * atomic Lua script per request (refill, take a token, store), with the maths of the in-memory
 * {@link TokenBucket}. The script is sent by its SHA-1 and re-sent whole when Redis does not know
 * it (after a restart or a flush). Non-blocking (Vert.x Redis client); the caller's clock is used,
 * as Traefik does, but the bucket's clock never goes back (see token-bucket.lua).
 */
final class RedisBuckets implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBuckets.class);

    /** Traefik's key prefix: {@code rate:<middleware>:<source>}. */
    static final String KEY_PREFIX = "rate:";

    static final String SCRIPT = loadScript();
    private static final String SCRIPT_SHA1 = sha1(SCRIPT);

    /**
     * What the script decided.
     *
     * @param waitNanos how long the caller must wait before its token is usable (0: now)
     * @param tokens    tokens left in the bucket afterwards (negative while reservations are pending)
     */
    record Reservation(long waitNanos, double tokens) {}

    private final Vertx vertx;
    private final String owner;
    private final RedisStoreOptions options;
    private final Redis client;
    private final long timeoutMillis;
    /** Whether the last command failed: a failure is logged when it starts and when it ends, not per request. */
    private final AtomicBoolean failing = new AtomicBoolean();

    /** @param owner the middleware's name, for log lines */
    RedisBuckets(Vertx vertx, String owner, RedisStoreOptions options) {
        this.vertx = vertx;
        this.owner = owner;
        this.options = options;
        this.timeoutMillis = options.commandTimeout().toMillis();
        this.client = Redis.createClient(vertx, redisOptions(options));
    }

    static RedisOptions redisOptions(RedisStoreOptions o) {
        NetClientOptions net = new NetClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, o.dialTimeout().toMillis()))
                .setTcpNoDelay(true)
                .setTcpKeepAlive(true);
        if (o.tls() != null) {
            o.tls().apply(net);
        }
        RedisOptions r = new RedisOptions()
                .setType(o.cluster() ? RedisClientType.CLUSTER : RedisClientType.STANDALONE)
                .setNetClientOptions(net)
                .setMaxPoolSize(Math.max(1, o.poolSize()))
                // Requests beyond the pool wait for a connection (go-redis waits too); none is refused for queueing.
                .setMaxPoolWaiting(Integer.MAX_VALUE)
                // Credentials go in the options, not in connection strings, so no URL with a password exists to be logged.
                .setPassword(o.password().isEmpty() ? null : o.password())
                .setUser(o.username().isEmpty() ? null : o.username());
        String scheme = o.tls() == null ? "redis://" : "rediss://";
        for (String endpoint : o.endpoints()) {
            r.addConnectionString(scheme + endpoint + (o.cluster() || o.db() == 0 ? "" : "/" + o.db()));
        }
        return r;
    }

    /**
     * Takes a token from bucket {@code key} if one is available within {@code maxWaitNanos}.
     *
     * @param ratePerSecond tokens added per second (finite, positive)
     * @param idleTtl       how long Redis keeps a bucket nobody uses
     * @param onError       what requests get while Redis fails, for the log line
     * @return the reservation; failed when Redis cannot be reached or answers an error
     */
    Future<Reservation> reserve(String key, double ratePerSecond, int burst, Duration idleTtl, long maxWaitNanos, String onError) {
        Instant now = Instant.now();
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        String[] args = {
            key,
            BigDecimal.valueOf(ratePerSecond / 1e6).toPlainString(),
            Integer.toString(burst),
            Long.toString(Math.max(1, idleTtl.toSeconds())),
            Long.toString(nowMicros),
            Long.toString(maxWaitNanos / 1_000)
        };
        return timed(send(Command.EVALSHA, SCRIPT_SHA1, args)
                .recover(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
                        ? send(Command.EVAL, SCRIPT, args) : Future.failedFuture(e)))
                .map(RedisBuckets::reservation)
                .onComplete(ar -> health(ar.failed() ? ar.cause() : null, onError));
    }

    private void health(Throwable failure, String onError) {
        if (failure == null) {
            if (failing.compareAndSet(true, false)) {
                LOG.info("middleware {}: {} answers again; rate limiting resumed", owner, options.describe());
            }
        } else if (failing.compareAndSet(false, true)) {
            LOG.warn("middleware {}: cannot use the token buckets in {} ({}); {} until it answers again", owner, options.describe(),
                    reason(failure), onError);
        } else {
            LOG.debug("middleware {}: {} still failing: {}", owner, options.describe(), reason(failure));
        }
    }

    /** The message and its causes' ("Failed to create SSL connection" alone does not say which check failed). */
    static String reason(Throwable failure) {
        StringBuilder b = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable c = failure.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
                b.append(": ").append(c.getMessage());
            }
        }
        return b.toString();
    }

    private Future<Response> send(Command command, String script, String[] args) {
        Request request = Request.cmd(command).arg(script).arg(1);
        for (String a : args) {
            request.arg(a);
        }
        return client.send(request);
    }

    /** Bounds the whole command by readTimeout + writeTimeout, as go-redis's socket deadlines do. */
    private Future<Response> timed(Future<Response> reply) {
        if (timeoutMillis <= 0) {
            return reply;
        }
        Promise<Response> out = Promise.promise();
        long timer = vertx.setTimer(timeoutMillis, id -> out.tryFail(new TimeoutException(
                "no answer from " + options.describe() + " within " + GoDuration.format(options.commandTimeout()))));
        reply.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                out.tryComplete(ar.result());
            } else {
                out.tryFail(ar.cause());
            }
        });
        return out.future();
    }

    private static Reservation reservation(Response r) {
        if (r == null || r.size() < 2) {
            throw new IllegalStateException("unexpected answer from the token-bucket script: " + r);
        }
        double waitMicros = Double.parseDouble(r.get(0).toString());
        double tokens = Double.parseDouble(r.get(1).toString());
        return new Reservation((long) Math.ceil(waitMicros * 1_000), tokens);
    }

    String describe() {
        return options.describe();
    }

    @Override
    public void close() {
        client.close();
    }

    private static String loadScript() {
        try (InputStream in = RedisBuckets.class.getResourceAsStream("token-bucket.lua")) {
            if (in == null) {
                throw new IllegalStateException("token-bucket.lua is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
