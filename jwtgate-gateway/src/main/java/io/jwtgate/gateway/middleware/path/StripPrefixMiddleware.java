package io.jwtgate.gateway.middleware.path;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.jwt.config.ConfigException;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Traefik's {@code stripPrefix}: removes the first matching prefix and records it in X-Forwarded-Prefix. */
public final class StripPrefixMiddleware implements Middleware {

    public static final RegisteredType TYPE = new RegisteredType("stripPrefix", "configuration.md#httpmiddlewares",
            (config, ctx) -> new StripPrefixMiddleware(Options.parse(config.options(), ctx.warnings())));

    /**
     * @param prefixes   {@code prefixes}: the first one the path starts with is removed
     * @param forceSlash {@code forceSlash} (deprecated in Traefik v3): accepted; the result always starts with {@code /}
     */
    public record Options(List<String> prefixes, boolean forceSlash) {
        public Options {
            prefixes = List.copyOf(prefixes);
        }

        static Options parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
            o.warnUnknownKeys(Set.of("prefixes", "forceSlash"), warnings);
            List<String> prefixes = o.get("prefixes").stringList();
            if (prefixes.isEmpty()) {
                throw o.get("prefixes").error("needs at least one prefix", "write `prefixes: [/api]`");
            }
            return new Options(prefixes, o.get("forceSlash").bool(true));
        }
    }

    private final List<String> prefixes;

    public StripPrefixMiddleware(Options options) {
        this.prefixes = options.prefixes();
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        String path = exchange.upstream().path();
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                String rest = path.substring(prefix.length());
                exchange.upstream().path(rest.startsWith("/") ? rest : "/" + rest);
                exchange.upstream().headers().set("X-Forwarded-Prefix", prefix);
                break;
            }
        }
        next.proceed();
    }
}
