package io.jwtgate.gateway.middleware.path;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Set;
import java.util.function.Consumer;

/** Traefik's {@code addPrefix}: prepends a path prefix before forwarding. */
public final class AddPrefixMiddleware implements Middleware {

    public static final RegisteredType TYPE = new RegisteredType("addPrefix", "configuration.md#httpmiddlewares",
            (config, ctx) -> new AddPrefixMiddleware(Options.parse(config.options(), ctx.warnings())));

    /** @param prefix {@code prefix}: starts with {@code /}; a trailing slash is dropped */
    public record Options(String prefix) {
        static Options parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
            o.warnUnknownKeys(Set.of("prefix"), warnings);
            ConfigNode prefix = o.get("prefix");
            String p = prefix.requiredString();
            if (!p.startsWith("/")) {
                throw prefix.error("must start with '/'", "write `prefix: /api`");
            }
            return new Options(p);
        }
    }

    private final String prefix;

    public AddPrefixMiddleware(Options options) {
        String p = options.prefix();
        this.prefix = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        exchange.upstream().path(prefix + exchange.upstream().path());
        next.proceed();
    }
}
