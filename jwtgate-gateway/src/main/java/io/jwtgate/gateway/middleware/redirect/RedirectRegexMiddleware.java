package io.jwtgate.gateway.middleware.redirect;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.middleware.GoRegex;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Traefik's {@code redirectRegex}: {@code regex} is matched against the full URL the client asked
 * for ({@code http(s)://host[:port]/path?query}, the scheme being the entry point's), and a match
 * redirects to {@code replacement} (Go template: {@code ${1}}, {@code $name}).
 */
public final class RedirectRegexMiddleware {

    public static final RegisteredType TYPE = new RegisteredType("redirectRegex", "configuration.md#redirect-middlewares",
            (config, ctx) -> build(Options.parse(config.options(), ctx.warnings())));

    /**
     * @param regex       {@code regex}, matched anywhere in the URL
     * @param replacement {@code replacement}
     * @param permanent   {@code permanent}: 301/308 instead of 302/307
     */
    public record Options(GoRegex regex, String replacement, boolean permanent) {
        static Options parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
            o.warnUnknownKeys(Set.of("regex", "replacement", "permanent"), warnings);
            return new Options(GoRegex.compile(o.get("regex")), o.get("replacement").string(""), o.get("permanent").bool(false));
        }
    }

    private RedirectRegexMiddleware() {}

    static Redirection build(Options options) {
        return new Redirection(options.regex(), options.replacement(), options.permanent(), RedirectRegexMiddleware::rawUrl);
    }

    /** Traefik's {@code rawURL}: the Host as sent (port included), the entry point's scheme. */
    static String rawUrl(Exchange exchange) {
        String host = exchange.requestAuthority();
        return (exchange.isTls() ? "https" : "http") + "://" + host + exchange.upstream().uri();
    }
}
