package io.jwtgate.gateway.middleware.ip;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Traefik's {@code sourceCriterion}: what groups requests into one source for {@code rateLimit}
 * and {@code inFlightReq}. Exactly one of {@code ipStrategy} (the default: the connection's peer),
 * {@code requestHeaderName} (the header's value, empty included) or {@code requestHost} (the Host).
 */
public record SourceCriterion(String description, Function<Exchange, String> extractor) {

    public String source(Exchange exchange) {
        return extractor.apply(exchange);
    }

    /** The Host of the request ({@code requestHost: true}). */
    public static SourceCriterion requestHost() {
        return new SourceCriterion("request host", Exchange::requestAuthority);
    }

    public static SourceCriterion parse(ConfigNode n, Consumer<String> warnings) throws ConfigException {
        n.warnUnknownKeys(Set.of("ipStrategy", "requestHeaderName", "requestHost"), warnings);
        boolean ip = n.has("ipStrategy");
        String header = n.get("requestHeaderName").string("");
        boolean host = n.get("requestHost").bool(false);
        if ((ip ? 1 : 0) + (header.isEmpty() ? 0 : 1) + (host ? 1 : 0) > 1) {
            throw n.error("ipStrategy, requestHeaderName and requestHost are mutually exclusive", "keep only one of them");
        }
        if (!header.isEmpty()) {
            return new SourceCriterion("request header " + header, e -> {
                String v = e.upstream().headers().get(header);
                return v == null ? "" : v;
            });
        }
        if (host) {
            return requestHost();
        }
        IpStrategy strategy = IpStrategy.parse(n.get("ipStrategy"), warnings);
        return new SourceCriterion("client IP", strategy::clientIp);
    }
}
