package io.jwtgate.gateway.middleware.contenttype;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Traefik v3's {@code contentType}: Traefik never guesses a missing {@code Content-Type} (nor does
 * jwtgate), except behind this middleware, which turns Go's detection back on ({@link SniffFilter},
 * {@link ContentSniffer}). The deprecated {@code autoDetect} is accepted with Traefik's meaning
 * ({@code false}: the middleware does nothing) and warned about.
 */
public final class ContentTypeMiddleware implements Middleware {

    public static final RegisteredType TYPE = new RegisteredType("contentType", "configuration.md#contenttype",
            (config, ctx) -> parse(config.options(), ctx.warnings()));

    private static final Middleware DISABLED = (exchange, next) -> next.proceed();

    static Middleware parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
        if (!o.isMissing()) {
            o.fields(); // a scalar or a list is an error, not "no options"
        }
        o.warnUnknownKeys(Set.of("autoDetect"), warnings);
        ConfigNode autoDetect = o.get("autoDetect");
        if (!autoDetect.isMissing()) {
            boolean enabled = autoDetect.bool(true);
            warnings.accept(o.source() + ": " + autoDetect.path() + ": deprecated (as in Traefik): the contentType middleware only turns"
                    + " detection on; remove the option" + (enabled ? "" : " (false: this middleware does nothing, as in Traefik)"));
            if (!enabled) {
                return DISABLED;
            }
        }
        return new ContentTypeMiddleware();
    }

    private ContentTypeMiddleware() {}

    @Override
    public void handle(Exchange exchange, Next next) {
        exchange.wrapResponse(SniffFilter::new);
        next.proceed();
    }
}
