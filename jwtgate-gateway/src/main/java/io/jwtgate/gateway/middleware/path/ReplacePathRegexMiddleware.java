package io.jwtgate.gateway.middleware.path;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.PathCodec;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.middleware.GoRegex;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Traefik's {@code replacePathRegex}: when {@code regex} matches the (escaped) path, every match is
 * replaced by {@code replacement} (Go template: {@code $1}, {@code ${name}}), the original path goes
 * to {@code X-Replaced-Path}. A result that cleaning would change ({@code ..}, {@code //}) is a 400,
 * one that does not unescape a 500, as in Traefik.
 */
public final class ReplacePathRegexMiddleware implements Middleware {

    public static final RegisteredType TYPE = new RegisteredType("replacePathRegex", "configuration.md#path-middlewares",
            (config, ctx) -> new ReplacePathRegexMiddleware(Options.parse(config.options(), ctx.warnings())));

    /**
     * @param regex       {@code regex}, matched anywhere in the escaped path
     * @param replacement {@code replacement}, a Go template
     */
    public record Options(GoRegex regex, String replacement) {
        static Options parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
            o.warnUnknownKeys(Set.of("regex", "replacement"), warnings);
            return new Options(GoRegex.compile(o.get("regex")), o.get("replacement").string("").strip());
        }
    }

    private final Options options;

    public ReplacePathRegexMiddleware(Options options) {
        this.options = options;
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        String current = exchange.upstream().path();
        if (options.regex().matches(current)) {
            exchange.upstream().headers().add(ReplacePathMiddleware.REPLACED_PATH_HEADER, current);
            String replaced = options.regex().replaceAll(current, options.replacement());
            String decoded;
            try {
                decoded = PathCodec.unescape(replaced);
            } catch (IllegalArgumentException e) {
                Responses.answer(exchange, 500, e.getMessage() + "\n");
                return;
            }
            if (!decoded.isEmpty() && !PathCodec.clean(decoded).equals(decoded)) {
                Responses.answer(exchange, 400, "Bad Request\n");
                return;
            }
            exchange.upstream().path(replaced);
        }
        next.proceed();
    }
}
