package io.jwtgate.gateway.middleware.forwardauth;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.GoUrl;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.GoRegex;
import io.jwtgate.jwt.config.ConfigException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The options of Traefik's {@code forwardAuth}, with Traefik's defaults.
 *
 * @param address                  {@code address}: the auth server's URL (http or https, checked), requested as it is
 * @param trustForwardHeader       {@code trustForwardHeader}: true, false or not set (three behaviours)
 * @param authResponseHeaders      {@code authResponseHeaders}: headers copied from an accepting auth server to the request
 * @param authResponseHeadersRegex {@code authResponseHeadersRegex}: the same by regular expression, or null
 * @param authRequestHeaders       {@code authRequestHeaders}: the request headers sent to the auth server; empty means all
 * @param addAuthCookiesToResponse {@code addAuthCookiesToResponse}: names of the auth server's cookies added to the response
 * @param forwardBody              {@code forwardBody}: send the request body to the auth server too
 * @param maxBodySize              {@code maxBodySize}: a larger body gets 401; negative (default -1) means no limit
 * @param maxResponseBodySize      {@code maxResponseBodySize}: a larger auth answer gets 401; negative (default) means no limit
 * @param preserveLocationHeader   {@code preserveLocationHeader}: relay a relative Location as it is instead of resolving it against the address
 * @param preserveRequestMethod    {@code preserveRequestMethod}: ask the auth server with the client's method instead of GET
 * @param headerField              {@code headerField}: the auth server's header that names the user, for the access log; empty for none
 * @param authSigninUrl            {@code authSigninURL}: where a 401 of the auth server redirects to (302); empty for no redirect
 * @param tls                      {@code tls}, or null when absent
 */
public record ForwardAuthOptions(String address, ForwardHeaderTrust trustForwardHeader, List<String> authResponseHeaders,
                                 GoRegex authResponseHeadersRegex, List<String> authRequestHeaders, Set<String> addAuthCookiesToResponse,
                                 boolean forwardBody, long maxBodySize, long maxResponseBodySize, boolean preserveLocationHeader,
                                 boolean preserveRequestMethod, String headerField, String authSigninUrl, AuthServerTls tls) {

    static final Set<String> KEYS = Set.of("address", "trustForwardHeader", "authResponseHeaders", "authResponseHeadersRegex",
            "authRequestHeaders", "addAuthCookiesToResponse", "forwardBody", "maxBodySize", "maxResponseBodySize",
            "preserveLocationHeader", "preserveRequestMethod", "headerField", "authSigninURL", "tls");

    public ForwardAuthOptions {
        authResponseHeaders = List.copyOf(authResponseHeaders);
        authRequestHeaders = List.copyOf(authRequestHeaders);
        addAuthCookiesToResponse = Set.copyOf(addAuthCookiesToResponse);
    }

    static ForwardAuthOptions parse(ConfigNode o, String middleware, BuildContext ctx) throws ConfigException {
        Consumer<String> warnings = ctx.warnings();
        o.warnUnknownKeys(KEYS, warnings);
        String address = address(o.get("address"));
        ForwardHeaderTrust trust = ForwardHeaderTrust.LEGACY;
        if (o.has("trustForwardHeader")) {
            trust = o.get("trustForwardHeader").bool(false) ? ForwardHeaderTrust.TRUST : ForwardHeaderTrust.DISTRUST;
        } else {
            warnings.accept(o.source() + ": " + o.path() + ": trustForwardHeader is not set, so the legacy behaviour applies"
                    + " (X-Forwarded-For, -Proto, -Method, -Host and -Uri are replaced, the other X-Forwarded headers such as"
                    + " X-Forwarded-Prefix pass untouched), as in Traefik; set it to false to replace them all, or to true"
                    + " to trust those the entry point's forwardedHeaders kept");
        }
        GoRegex regex = o.get("authResponseHeadersRegex").string("").isEmpty() ? null : GoRegex.compile(o.get("authResponseHeadersRegex"));
        boolean forwardBody = o.get("forwardBody").bool(false);
        long maxBodySize = o.get("maxBodySize").integer(-1);
        if (forwardBody && !o.has("maxBodySize")) {
            warnings.accept(o.source() + ": " + o.path() + ": forwardBody without maxBodySize reads request bodies of any size"
                    + " into memory (as in Traefik); set maxBodySize (bytes) to bound it");
        }
        long maxResponseBodySize = o.get("maxResponseBodySize").integer(-1);
        if (!o.has("maxResponseBodySize")) {
            warnings.accept(o.source() + ": " + o.path() + ": maxResponseBodySize is not set, so the auth server's answers are read"
                    + " whatever their size (as in Traefik); set maxResponseBodySize (bytes) to bound them");
        }
        ConfigNode tlsNode = o.get("tls");
        AuthServerTls tls = tlsNode.isMissing() ? null : AuthServerTls.parse(tlsNode, middleware, ctx);
        if (tls != null && !GoUrl.parse(address).scheme().equals("https")) {
            warnings.accept(o.source() + ": " + tlsNode.path() + ": has no effect with an http:// address");
        }
        return new ForwardAuthOptions(address, trust, o.get("authResponseHeaders").stringList(), regex,
                o.get("authRequestHeaders").stringList(), new LinkedHashSet<>(o.get("addAuthCookiesToResponse").stringList()),
                forwardBody, maxBodySize, maxResponseBodySize, o.get("preserveLocationHeader").bool(false),
                o.get("preserveRequestMethod").bool(false), o.get("headerField").string(""), o.get("authSigninURL").string(""), tls);
    }

    /**
     * The address, checked now: Traefik accepts any string and then answers 500 to every request
     * when it is not an http(s) URL; jwtgate refuses the configuration instead (its routers answer 503).
     */
    private static String address(ConfigNode node) throws ConfigException {
        String raw = node.requiredString().strip();
        GoUrl url;
        try {
            url = GoUrl.parse(raw);
        } catch (IllegalArgumentException e) {
            throw node.error("'" + redacted(raw) + "' is not a valid URL: " + e.getMessage(), "write the auth server's URL, e.g. http://auth:9000/verify");
        }
        if (!url.scheme().equals("http") && !url.scheme().equals("https") || url.host().isEmpty()) {
            throw node.error("'" + redacted(raw) + "' is not an http:// or https:// URL with a host",
                    "write the auth server's URL, e.g. http://auth:9000/verify");
        }
        return raw;
    }

    /** The URL without its user information (a password must not reach a log line). */
    static String redacted(String url) {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@');
        int slash = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
        if (scheme < 0 || at < 0 || (slash >= 0 && at > slash)) {
            return url;
        }
        return url.substring(0, scheme + 3) + "***@" + url.substring(at + 1);
    }
}
