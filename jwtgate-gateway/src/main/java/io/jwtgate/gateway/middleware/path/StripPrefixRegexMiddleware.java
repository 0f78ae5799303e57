package io.jwtgate.gateway.middleware.path;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.PathCodec;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.middleware.GoRegex;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;

/**
 * Traefik's {@code stripPrefixRegex}: the first expression whose match starts the (decoded) path
 * removes it; the removed prefix goes to {@code X-Forwarded-Prefix}. A result that cleaning would
 * change is a 400, as in Traefik.
 */
public final class StripPrefixRegexMiddleware implements Middleware {

    public static final RegisteredType TYPE = new RegisteredType("stripPrefixRegex", "configuration.md#path-middlewares",
            (config, ctx) -> new StripPrefixRegexMiddleware(Options.parse(config.options(), ctx.warnings())));

    /** @param regex {@code regex}: a list of expressions, tried in order */
    public record Options(List<GoRegex> regex) {
        public Options {
            regex = List.copyOf(regex);
        }

        static Options parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
            o.warnUnknownKeys(Set.of("regex"), warnings);
            List<GoRegex> expressions = new ArrayList<>();
            for (ConfigNode e : o.get("regex").elements()) {
                expressions.add(GoRegex.compile(e));
            }
            if (expressions.isEmpty()) {
                throw o.get("regex").error("needs at least one expression", "write `regex: [\"/api/[a-z0-9]+\"]`");
            }
            return new Options(expressions);
        }
    }

    private final Options options;

    public StripPrefixRegexMiddleware(Options options) {
        this.options = options;
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        String raw = exchange.upstream().path();
        String decoded;
        try {
            decoded = PathCodec.unescape(raw);
        } catch (IllegalArgumentException e) {
            next.proceed(); // the entry point only admits valid escapes; nothing to strip from anything else
            return;
        }
        for (GoRegex expression : options.regex()) {
            Matcher m = expression.pattern().matcher(decoded);
            if (!m.find() || m.group().isEmpty()) {
                continue;
            }
            String prefix = m.group();
            if (!decoded.startsWith(prefix)) {
                continue;
            }
            exchange.upstream().headers().add("X-Forwarded-Prefix", prefix);
            String strippedDecoded = leadingSlash(decoded.replaceFirst(java.util.regex.Pattern.quote(prefix), ""));
            String strippedRaw = leadingSlash(raw.substring(encodedPrefixLength(raw, prefix)));
            if (!strippedDecoded.isEmpty() && !PathCodec.clean(strippedDecoded).equals(strippedDecoded)) {
                Responses.answer(exchange, 400, "Bad Request\n");
                return;
            }
            exchange.upstream().path(strippedRaw.isEmpty() ? "/" : strippedRaw);
            break;
        }
        next.proceed();
    }

    /** How many characters of the escaped path spell the decoded prefix (3 per %XX, 1 otherwise), as Traefik counts. */
    static int encodedPrefixLength(String raw, String decodedPrefix) {
        int decoded = 0;
        int i = 0;
        while (i < raw.length() && decoded < decodedPrefix.length()) {
            i += raw.charAt(i) == '%' && i + 2 < raw.length() ? 3 : 1;
            decoded++;
        }
        return i;
    }

    private static String leadingSlash(String s) {
        return s.isEmpty() || s.startsWith("/") ? s : "/" + s;
    }
}
