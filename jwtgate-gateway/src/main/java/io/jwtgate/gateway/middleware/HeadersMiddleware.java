package io.jwtgate.gateway.middleware;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.FieldSyntax;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.jwt.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Traefik's {@code headers} middleware, custom headers part: {@code customRequestHeaders} are set
 * on the upstream request and {@code customResponseHeaders} on the response; an empty value
 * removes the header, as in Traefik.
 */
public final class HeadersMiddleware implements Middleware {

    public static final RegisteredType TYPE = new RegisteredType("headers", "configuration.md#httpmiddlewares",
            (config, ctx) -> new HeadersMiddleware(Options.parse(config.options(), ctx.warnings())));

    /**
     * @param customRequestHeaders  set on the upstream request; an empty value removes the header
     * @param customResponseHeaders set on the response
     */
    public record Options(Map<String, String> customRequestHeaders, Map<String, String> customResponseHeaders) {
        public Options {
            customRequestHeaders = Map.copyOf(customRequestHeaders);
            customResponseHeaders = Map.copyOf(customResponseHeaders);
        }

        static Options parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
            o.warnUnknownKeys(Set.of("customRequestHeaders", "customResponseHeaders"), warnings);
            return new Options(headerMap(o.get("customRequestHeaders")), headerMap(o.get("customResponseHeaders")));
        }

        /** Names and values checked here, so a bad value is a configuration error, not a failed request. */
        private static Map<String, String> headerMap(ConfigNode n) throws ConfigException {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigNode> e : n.fields().entrySet()) {
                String value = e.getValue().string("");
                if (!FieldSyntax.isToken(e.getKey())) {
                    throw e.getValue().error("'" + e.getKey() + "' is not a valid header name",
                            "use letters, digits and '-' only, e.g. X-Request-Source");
                }
                if (!FieldSyntax.isValidValue(value)) {
                    throw e.getValue().error("the value contains a control character (CR, LF, NUL...)",
                            "write the value on one line without control characters");
                }
                headers.put(e.getKey(), value);
            }
            return headers;
        }
    }

    private final Map<String, String> requestHeaders;
    private final Map<String, String> responseHeaders;

    public HeadersMiddleware(Options options) {
        this.requestHeaders = options.customRequestHeaders();
        this.responseHeaders = options.customResponseHeaders();
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        requestHeaders.forEach((name, value) -> {
            if (value.isEmpty()) {
                exchange.upstream().headers().remove(name);
            } else {
                exchange.upstream().headers().set(name, value);
            }
        });
        responseHeaders.forEach((name, value) -> exchange.extraResponseHeaders().set(name, value));
        next.proceed();
    }
}
