package io.jwtgate.gateway.middleware.ip;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.http.StatusText;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traefik's {@code ipAllowList} (and the deprecated {@code ipWhiteList}, without
 * {@code rejectStatusCode}): requests whose client address, chosen by {@code ipStrategy}, is not in
 * {@code sourceRange} are answered with {@code rejectStatusCode} (default 403) and the status text.
 */
public final class IpAllowListMiddleware implements Middleware {

    private static final Logger LOG = LoggerFactory.getLogger(IpAllowListMiddleware.class);

    public static final RegisteredType TYPE = new RegisteredType("ipAllowList", "configuration.md#ipallowlist",
            (config, ctx) -> new IpAllowListMiddleware(config.name(), Options.parse(config.options(), ctx.warnings(), true)));

    /** Deprecated since Traefik v3.0; Traefik logs the same advice. */
    public static final RegisteredType WHITE_LIST = new RegisteredType("ipWhiteList", "configuration.md#ipallowlist", (config, ctx) -> {
        ctx.warnings().accept(config.source() + ": middleware " + config.name() + " of type ipWhiteList is deprecated, please use ipAllowList instead");
        return new IpAllowListMiddleware(config.name(), Options.parse(config.options(), ctx.warnings(), false));
    });

    /**
     * @param sourceRange      {@code sourceRange}: addresses and CIDR blocks allowed (required)
     * @param strategy         {@code ipStrategy}
     * @param rejectStatusCode {@code rejectStatusCode} (ipAllowList only): default 403
     */
    public record Options(IpChecker sourceRange, IpStrategy strategy, int rejectStatusCode) {
        static Options parse(ConfigNode o, Consumer<String> warnings, boolean allowList) throws ConfigException {
            o.warnUnknownKeys(allowList ? Set.of("sourceRange", "ipStrategy", "rejectStatusCode") : Set.of("sourceRange", "ipStrategy"), warnings);
            IpChecker range = IpChecker.parse(o.get("sourceRange"), "list the allowed addresses, e.g. `sourceRange: [127.0.0.1/32, 192.168.1.7]`");
            int status = 403;
            if (allowList && o.has("rejectStatusCode") && o.get("rejectStatusCode").integer(0) != 0) {
                status = (int) o.get("rejectStatusCode").integer(0);
                if (StatusText.of(status) == null) {
                    throw o.get("rejectStatusCode").error("invalid HTTP status code " + status, "use a standard status such as 403 or 404");
                }
            }
            return new Options(range, IpStrategy.parse(o.get("ipStrategy"), warnings), status);
        }
    }

    private final String name;
    private final Options options;

    public IpAllowListMiddleware(String name, Options options) {
        this.name = name;
        this.options = options;
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        String client = options.strategy().clientIp(exchange);
        if (!options.sourceRange().contains(client)) {
            LOG.debug("middleware {}: rejecting IP '{}'", name, client);
            int status = options.rejectStatusCode();
            Responses.answer(exchange, status, "text/plain; charset=utf-8", StatusText.of(status));
            return;
        }
        next.proceed();
    }
}
