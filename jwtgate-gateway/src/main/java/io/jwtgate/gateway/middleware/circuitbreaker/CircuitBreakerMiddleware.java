package io.jwtgate.gateway.middleware.circuitbreaker;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.ResponseFilter;
import io.jwtgate.gateway.http.ResponseWriter;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.http.StatusText;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.config.GoDuration;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Traefik's {@code circuitBreaker} (oxy's cbreaker): while {@code expression} holds on the answers
 * of the last seconds, requests get {@code responseCode} (default 503) with Go's status text as the
 * body instead of reaching the rest of the chain; after {@code fallbackDuration} a growing share
 * is let through for {@code recoveryDuration}, then all. Only what happens after the breaker in
 * the chain is measured: each answer's status as it leaves the rest of the chain, and its latency
 * until its end. As in Traefik, every router using the middleware has its own breaker.
 */
public final class CircuitBreakerMiddleware implements Middleware {

    public static final RegisteredType TYPE = type(System::nanoTime);

    static final Duration DEFAULT_CHECK_PERIOD = Duration.ofMillis(100);
    static final Duration DEFAULT_FALLBACK = Duration.ofSeconds(10);
    static final Duration DEFAULT_RECOVERY = Duration.ofSeconds(10);
    static final int DEFAULT_RESPONSE_CODE = 503;
    /** What Traefik's proxy answers (and oxy records) when the client goes away before an answer. */
    static final int CLIENT_CLOSED_REQUEST = 499;
    /** A router's breaker is forgotten after this long without requests, plus its fallback and recovery. */
    static final Duration IDLE = Duration.ofHours(1);

    /** The type on another clock of nanoseconds (tests drive the states without sleeping). */
    public static RegisteredType type(LongSupplier nanoTime) {
        return new RegisteredType("circuitBreaker", "configuration.md#circuitbreaker",
                (config, ctx) -> new CircuitBreakerMiddleware(config.name(), Options.parse(config.options(), ctx.warnings()), nanoTime));
    }

    /**
     * @param expression       {@code expression}, as written
     * @param condition        the expression compiled
     * @param checkPeriod      {@code checkPeriod}: default 100ms (0 means the default, as in Traefik)
     * @param fallbackDuration {@code fallbackDuration}: default 10s
     * @param recoveryDuration {@code recoveryDuration}: default 10s
     * @param responseCode     {@code responseCode}: default 503
     */
    record Options(String expression, TripCondition condition, Duration checkPeriod, Duration fallbackDuration,
                   Duration recoveryDuration, int responseCode) {

        private static final Set<String> KEYS = Set.of("expression", "checkPeriod", "fallbackDuration", "recoveryDuration", "responseCode");

        static Options parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
            o.warnUnknownKeys(KEYS, warnings);
            ConfigNode e = o.get("expression");
            String expression = e.string("");
            TripCondition condition;
            try {
                condition = ExpressionParser.parse(expression);
            } catch (ExpressionException x) {
                throw e.error("is not a valid circuit breaker expression: " + x.describe(expression) + " (in \"" + expression + "\")",
                        "write a condition such as NetworkErrorRatio() > 0.30 or "
                                + "ResponseCodeRatio(500, 600, 0, 600) > 0.25 && RequestThreshold() >= 20");
            }
            Duration checkPeriod = duration(o, "checkPeriod", DEFAULT_CHECK_PERIOD, warnings);
            Duration fallback = duration(o, "fallbackDuration", DEFAULT_FALLBACK, warnings);
            Duration recovery = duration(o, "recoveryDuration", DEFAULT_RECOVERY, warnings);
            long code = o.get("responseCode").integer(DEFAULT_RESPONSE_CODE);
            if (code < 200 || code > 999) {
                // Go's WriteHeader panics below 100 and turns 1xx into an interim answer followed by a 200.
                throw o.get("responseCode").error("must be a final HTTP status code (200 to 999), found " + code,
                        "write a code such as 503 (the default) or 429");
            }
            return new Options(expression, condition, checkPeriod, fallback, recovery, (int) code);
        }

        /** Traefik passes only positive durations to oxy, so 0 means oxy's default (the same as Traefik's). */
        private static Duration duration(ConfigNode o, String key, Duration def, Consumer<String> warnings) throws ConfigException {
            Duration d = o.get(key).duration(def);
            if (d.isZero()) {
                warnings.accept(o.source() + ": " + o.get(key).path() + ": 0 means the default " + GoDuration.format(def)
                        + " (as in Traefik)");
                return def;
            }
            return d;
        }
    }

    private final String name;
    private final Options options;
    private final LongSupplier nanoTime;
    private final Breaker.Timing timing;
    /** One breaker per router, as Traefik builds the middleware once per router. */
    private final Cache<String, Breaker> breakers;

    CircuitBreakerMiddleware(String name, Options options, LongSupplier nanoTime) {
        this.name = name;
        this.options = options;
        this.nanoTime = nanoTime;
        this.timing = new Breaker.Timing(options.checkPeriod().toNanos(), options.fallbackDuration().toNanos(),
                options.recoveryDuration().toNanos());
        Duration idle = IDLE.plus(options.fallbackDuration()).plus(options.recoveryDuration());
        this.breakers = Caffeine.newBuilder()
                .expireAfterAccess(idle.toNanos(), TimeUnit.NANOSECONDS)
                .ticker(nanoTime::getAsLong)
                .executor(Runnable::run)
                .build();
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        Breaker breaker = breaker(exchange.facts().routerName());
        if (!breaker.admit()) {
            fallback(exchange);
            return;
        }
        boolean headRequest = exchange.request().method() == HttpMethod.HEAD;
        Recorder recorder = exchange.wrapResponse(below -> new Recorder(below, breaker, nanoTime, headRequest));
        exchange.onFinish(recorder::finish);
        next.proceed();
    }

    /** The breaker of this router (routers are told apart by name; "" when there is none). */
    Breaker breaker(String router) {
        return breakers.get(router == null ? "" : router, r -> new Breaker(options.condition(), timing, nanoTime));
    }

    /** Traefik's fallback: the code and Go's status text for it, plain text (no body where none is allowed or known). */
    private void fallback(Exchange exchange) {
        int code = options.responseCode();
        String text = StatusText.of(code);
        if (text == null || code == 204 || code == 304) {
            Responses.answer(exchange, code, null, "");
        } else {
            Responses.answer(exchange, code, "text/plain; charset=utf-8", text);
        }
    }

    /**
     * Records the answer of an admitted request: the status the rest of the chain committed, and the
     * time from admission to the end of the answer (oxy measures until the handler returns, after
     * the body was written). A request whose client went away before any answer counts as 499, as in Traefik.
     */
    private static final class Recorder extends ResponseFilter {
        private final Breaker breaker;
        private final LongSupplier nanoTime;
        private final long start;
        private final boolean headRequest;
        private int status = -1;
        /** Body bytes still to come when the head declared a length; -1 when it did not. */
        private long remaining = -1;
        private boolean recorded;

        Recorder(ResponseWriter next, Breaker breaker, LongSupplier nanoTime, boolean headRequest) {
            super(next);
            this.breaker = breaker;
            this.nanoTime = nanoTime;
            this.start = nanoTime.getAsLong();
            this.headRequest = headRequest;
        }

        @Override
        protected void onHead() {
            status = statusCode();
            if (headRequest || status == 204 || status == 304) {
                finish(); // the head is the whole answer
                return;
            }
            String length = headers().get(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                try {
                    remaining = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    remaining = -1;
                }
            }
        }

        /**
         * Records before the client can hold the whole answer: a body of a declared length is
         * complete with its last byte, which can reach the client before the end is signalled.
         * (Go's server holds a small answer in its buffer until the handler, and oxy's record, returned.)
         */
        @Override
        public void write(Buffer chunk) {
            commitHead();
            if (remaining >= 0) {
                remaining -= chunk.length();
                if (remaining <= 0) {
                    finish();
                }
            }
            super.write(chunk);
        }

        @Override
        public void end(Buffer last) {
            commitHead();
            finish();
            super.end(last);
        }

        void finish() {
            if (recorded) {
                return;
            }
            recorded = true;
            breaker.record(status < 0 ? CLIENT_CLOSED_REQUEST : status, nanoTime.getAsLong() - start);
        }
    }

    @Override
    public String toString() {
        return "circuitBreaker " + name + " (" + options.expression() + ", " + options.responseCode() + ")";
    }
}
