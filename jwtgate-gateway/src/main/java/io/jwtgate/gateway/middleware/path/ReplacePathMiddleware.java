package io.jwtgate.gateway.middleware.path;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.PathCodec;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Traefik's {@code replacePath}: the backend gets {@code path} instead of the request's path
 * (the query is kept), and the original path in {@code X-Replaced-Path}. The path is written
 * escaped; one that does not unescape is a 500, as in Traefik.
 */
public final class ReplacePathMiddleware implements Middleware {

    public static final RegisteredType TYPE = new RegisteredType("replacePath", "configuration.md#path-middlewares",
            (config, ctx) -> new ReplacePathMiddleware(Options.parse(config.options(), ctx.warnings())));

    /** The header that carries the path before the replacement. */
    public static final String REPLACED_PATH_HEADER = "X-Replaced-Path";

    /** @param path {@code path}: the new path, escaped as it will be sent */
    public record Options(String path) {
        static Options parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
            o.warnUnknownKeys(Set.of("path"), warnings);
            return new Options(o.get("path").string(""));
        }
    }

    private final String path;

    public ReplacePathMiddleware(Options options) {
        this.path = options.path();
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        exchange.upstream().headers().add(REPLACED_PATH_HEADER, exchange.upstream().path());
        try {
            PathCodec.unescape(path);
        } catch (IllegalArgumentException e) {
            Responses.answer(exchange, 500, e.getMessage() + "\n");
            return;
        }
        exchange.upstream().path(path);
        next.proceed();
    }
}
