package io.jwtgate.gateway.middleware.errors;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.StatusCodeRanges;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code errors} middleware's options, as Traefik v3.7 reads them.
 *
 * @param status         {@code status}: the codes and ranges whose responses are replaced by the page
 * @param rewrites       {@code statusRewrites}: code or range to the status sent instead, first match in the order written
 * @param service        {@code service}, qualified in the middleware's provider ({@code pages} in {@code x@file} is {@code pages@file})
 * @param query          {@code query}: the page's path and query, with {@code {status}}, {@code {originalStatus}}, {@code {url}}
 * @param requestHeaders {@code errorRequestHeaders}: the request headers the page request carries; null for all of them
 */
public record ErrorsOptions(StatusCodeRanges status, List<Rewrite> rewrites, String service, String query, List<String> requestHeaders) {

    public ErrorsOptions {
        rewrites = List.copyOf(rewrites);
        requestHeaders = requestHeaders == null ? null : List.copyOf(requestHeaders);
    }

    /** One {@code statusRewrites} entry. */
    public record Rewrite(StatusCodeRanges from, int to) {}

    static ErrorsOptions parse(ConfigNode o, String middlewareName, BuildContext ctx) throws ConfigException {
        Consumer<String> warnings = ctx.warnings();
        o.warnUnknownKeys(Set.of("status", "statusRewrites", "service", "query", "errorRequestHeaders"), warnings);
        StatusCodeRanges status = StatusCodeRanges.parse(o.get("status"), warnings);
        if (status.isEmpty()) {
            warnings.accept(o.source() + ": " + o.get("status").path() + ": no status code listed, so no response is ever"
                    + " replaced by the error page (as in Traefik); list codes such as [\"500-599\"]");
        }
        List<Rewrite> rewrites = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> e : o.get("statusRewrites").fields().entrySet()) {
            ConfigNode key = ConfigNode.of(e.getKey(), o.source(), e.getValue().path());
            long to = e.getValue().integer(0);
            if (to < 200 || to > 999) {
                throw e.getValue().error("'" + e.getValue().string("") + "' is not a status a response can be sent with",
                        "map the codes to a status from 200 to 999, e.g. \"502-504\": 500");
            }
            rewrites.add(new Rewrite(StatusCodeRanges.parse(key, warnings), (int) to));
        }
        ConfigNode serviceNode = o.get("service");
        String written = serviceNode.requiredString();
        String service = BuildContext.qualify(middlewareName, written);
        // The defined services and the @internal ones the static configuration enables.
        if (!ctx.serviceNames().contains(service)) {
            throw serviceNode.error("service '" + service + "' does not exist",
                    "define it under http.services (a name without @provider is looked up in the middleware's provider)");
        }
        ConfigNode headers = o.get("errorRequestHeaders");
        List<String> requestHeaders = headers.isMissing() ? null : headers.stringList();
        return new ErrorsOptions(status, rewrites, service, o.get("query").string(""), requestHeaders);
    }

    /** The status the client gets for a caught {@code original}: the first rewrite that matches, else the original. */
    int statusFor(int original) {
        for (Rewrite r : rewrites) {
            if (r.from().contains(original)) {
                return r.to();
            }
        }
        return original;
    }
}
