package io.jwtgate.gateway.middleware.inflight;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.gateway.middleware.ip.SourceCriterion;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Traefik's {@code inFlightReq} (oxy's connlimit): at most {@code amount} requests of one source
 * ({@code sourceCriterion}, default the request's Host) in progress at once; one more gets 429
 * with oxy's body {@code max connections reached: <amount>}. A request counts until its response
 * ends or the client goes away.
 */
public final class InFlightReqMiddleware implements Middleware {

    public static final RegisteredType TYPE = new RegisteredType("inFlightReq", "configuration.md#inflightreq",
            (config, ctx) -> new InFlightReqMiddleware(Options.parse(config.options(), ctx.warnings())));

    /**
     * @param amount {@code amount}: requests in progress allowed per source
     * @param source {@code sourceCriterion}: default {@code requestHost: true} (Traefik's default for this middleware)
     */
    public record Options(long amount, SourceCriterion source) {
        static Options parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
            o.warnUnknownKeys(Set.of("amount", "sourceCriterion"), warnings);
            long amount = o.get("amount").integer(0);
            if (amount <= 0) {
                warnings.accept(o.source() + ": " + o.get("amount").path() + ": " + amount
                        + " lets no request through (as in Traefik); set the number of requests allowed at once");
            }
            ConfigNode criterion = o.get("sourceCriterion");
            SourceCriterion source = criterion.isMissing() || criterion.fields().isEmpty()
                    ? SourceCriterion.requestHost() : SourceCriterion.parse(criterion, warnings);
            return new Options(amount, source);
        }
    }

    private final Options options;
    /** Requests in progress per source; a source leaves the map when its last request ends (updates are atomic per key). */
    private final ConcurrentHashMap<String, Long> inFlight = new ConcurrentHashMap<>();

    public InFlightReqMiddleware(Options options) {
        this.options = options;
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        String source = options.source().source(exchange);
        long count = inFlight.merge(source, 1L, Long::sum);
        if (count > options.amount()) {
            release(source);
            Responses.answer(exchange, 429, "text/plain; charset=utf-8", "max connections reached: " + options.amount());
            return;
        }
        exchange.onFinish(() -> release(source));
        next.proceed();
    }

    private void release(String source) {
        inFlight.computeIfPresent(source, (k, v) -> v <= 1 ? null : v - 1);
    }

    /** Requests of this source in progress (tests, metrics). */
    long inFlight(String source) {
        return inFlight.getOrDefault(source, 0L);
    }
}
