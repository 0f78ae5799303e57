package io.jwtgate.gateway.middleware.ip;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.middleware.jwt.VerifiedClaims;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traefik's {@code sourceCriterion}: what groups requests into one source for {@code rateLimit}
 * and {@code inFlightReq}. Exactly one of {@code ipStrategy} (the default: the connection's peer),
 * {@code requestHeaderName} (the header's value, empty included) or {@code requestHost} (the Host),
 * or jwtgate's extension {@code requestClaim}: a claim of the token a JWT middleware earlier in
 * the chain verified, so that limits follow the authenticated client rather than its address.
 */
public record SourceCriterion(String description, Function<Exchange, String> extractor) {

    private static final Logger LOG = LoggerFactory.getLogger(SourceCriterion.class);

    public String source(Exchange exchange) {
        return extractor.apply(exchange);
    }

    /** The Host of the request ({@code requestHost: true}). */
    public static SourceCriterion requestHost() {
        return new SourceCriterion("request host", Exchange::requestAuthority);
    }

    public static SourceCriterion parse(ConfigNode n, Consumer<String> warnings) throws ConfigException {
        n.warnUnknownKeys(Set.of("ipStrategy", "requestHeaderName", "requestHost", "requestClaim"), warnings);
        boolean ip = n.has("ipStrategy");
        String header = n.get("requestHeaderName").string("");
        boolean host = n.get("requestHost").bool(false);
        String claim = n.get("requestClaim").string("");
        if ((ip ? 1 : 0) + (header.isEmpty() ? 0 : 1) + (host ? 1 : 0) + (claim.isEmpty() ? 0 : 1) > 1) {
            throw n.error("ipStrategy, requestHeaderName, requestHost and requestClaim are mutually exclusive", "keep only one of them");
        }
        if (!claim.isEmpty()) {
            return requestClaim(claim, n.source() + ": " + n.path());
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

    /**
     * The claim's text ({@link VerifiedClaims#text}); requests whose token lacks it share the source
     * "" (one bucket, as Traefik does for a missing header). Without a JWT middleware before this
     * one no request has claims: all share "", and the operator is told once.
     */
    static SourceCriterion requestClaim(String claim, String where) {
        AtomicBoolean warned = new AtomicBoolean();
        return new SourceCriterion("claim " + claim, e -> {
            VerifiedClaims claims = e.attribute(VerifiedClaims.KEY);
            if (claims == null) {
                if (warned.compareAndSet(false, true)) {
                    LOG.warn("{}: requestClaim {}: router {} has no JWT middleware before this one, so every request shares one"
                            + " limit (fix: put the JWT middleware earlier in the router's middlewares)", where, claim, e.facts().routerName());
                }
                return "";
            }
            String value = claims.text(claim);
            return value == null ? "" : value;
        });
    }
}
