package io.jwtgate.gateway.middleware.redirect;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.HostSyntax;
import io.jwtgate.gateway.middleware.GoRegex;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Traefik's {@code redirectScheme}: redirects to {@code scheme} (and {@code port}) unless the
 * request already uses it. The client's scheme is the entry point's, or the
 * {@code X-Forwarded-Proto} the entry point kept from a trusted proxy, so a TLS-terminating proxy
 * in front does not cause a redirect loop. Default ports are left out of the Location.
 */
public final class RedirectSchemeMiddleware {

    public static final RegisteredType TYPE = new RegisteredType("redirectScheme", "configuration.md#redirect-middlewares",
            (config, ctx) -> build(Options.parse(config.options(), ctx.warnings())));

    /** Traefik's pattern over the client's URL: scheme, host, port, the rest. */
    private static final String URI_PATTERN = "^(https?:\\/\\/)?(\\[[\\w:.]+\\]|[\\w\\._-]+)?(:\\d+)?(.*)$";

    /**
     * @param scheme    {@code scheme}: required, e.g. https
     * @param port      {@code port}: optional; the scheme's default port is not written
     * @param permanent {@code permanent}: 301/308 instead of 302/307
     */
    public record Options(String scheme, String port, boolean permanent) {
        static Options parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
            o.warnUnknownKeys(Set.of("scheme", "port", "permanent"), warnings);
            String scheme = o.get("scheme").string("");
            if (scheme.isEmpty()) {
                throw o.get("scheme").error("is required (Traefik: you must provide a target scheme)", "write `scheme: https`");
            }
            return new Options(scheme, o.get("port").string(""), o.get("permanent").bool(false));
        }
    }

    private RedirectSchemeMiddleware() {}

    static Redirection build(Options options) {
        String port = "";
        if (!options.port().isEmpty() && !(options.scheme().equals("http") && options.port().equals("80")
                || options.scheme().equals("https") && options.port().equals("443"))) {
            port = ":" + options.port();
        }
        GoRegex regex = GoRegex.of(URI_PATTERN);
        return new Redirection(regex, options.scheme() + "://${2}" + port + "${4}", options.permanent(), RedirectSchemeMiddleware::clientUrl);
    }

    /** Traefik's {@code clientRequestURL}: scheme, host and port as the client sees them, then path and query. */
    static String clientUrl(Exchange exchange) {
        String authority = exchange.requestAuthority();
        String host = authority;
        String port = "";
        int p = HostSyntax.port(authority);
        if (p >= 0) {
            int colon = authority.lastIndexOf(':');
            host = authority.substring(0, colon);
            port = authority.substring(colon);
        }
        String scheme = Redirection.clientScheme(exchange);
        if (scheme.equals("http") && port.equals(":80") || scheme.equals("https") && port.equals(":443")) {
            port = "";
        }
        return scheme + "://" + host + port + exchange.upstream().uri();
    }
}
