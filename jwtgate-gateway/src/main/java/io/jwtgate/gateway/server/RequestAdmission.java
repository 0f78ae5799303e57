package io.jwtgate.gateway.server;

import io.jwtgate.gateway.http.AdmittedRequest;
import io.jwtgate.gateway.http.BodyFraming;
import io.jwtgate.gateway.http.FieldSyntax;
import io.jwtgate.gateway.http.HeaderNames;
import io.jwtgate.gateway.http.HostSyntax;
import io.jwtgate.gateway.http.ParsedTarget;
import io.jwtgate.gateway.http.Refusal;
import io.jwtgate.gateway.http.RequestTarget;
import io.jwtgate.gateway.http.TargetRules;
import io.jwtgate.gateway.http.UnderscoreHeaders;
import io.jwtgate.gateway.proxy.ForwardedHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place where a request's framing, target, host and headers are decided, before routing.
 * Everything after it (rules, middlewares, the forwarder) works from the {@link Admitted} view, so
 * nothing a client sends can make the backend read a request the gateway did not check: ambiguous
 * framing is refused and the connection closed (RFC 9112 section 6), the client's framing headers
 * never reach the backend (the forwarder frames the body itself), and the headers named in
 * {@code Connection} are removed here, before any middleware could set them.
 */
public final class RequestAdmission {

    /** RFC 9113 section 8.2.2: connection-specific fields make an HTTP/2 request malformed. */
    private static final List<String> H2_CONNECTION_SPECIFIC = List.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade");

    /** The outcome: the request as everything downstream sees it, or why it is refused. */
    public sealed interface Admission permits Admitted, Refused {}

    public record Admitted(AdmittedRequest request) implements Admission {}

    /** Thrown by the checks below and returned by {@link #admit}: no stack trace, bad input is not a bug. */
    public static final class Refused extends RuntimeException implements Admission {
        private final transient Refusal refusal;

        Refused(Refusal refusal) {
            super(refusal.reason(), null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    private final TargetRules targetRules;
    private final UnderscoreHeaders underscores;
    private final List<String> connectionAllowed;

    public RequestAdmission(TargetRules targetRules, UnderscoreHeaders underscores, List<String> connectionAllowed) {
        this.targetRules = targetRules;
        this.underscores = underscores;
        this.connectionAllowed = List.copyOf(connectionAllowed);
    }

    public Admission admit(HttpServerRequest request) {
        boolean h2 = request.version() == HttpVersion.HTTP_2;
        MultiMap upstream = MultiMap.caseInsensitiveMultiMap();
        List<String> hosts = new ArrayList<>(1);
        List<String> contentLengths = List.of();
        List<String> transferEncodings = List.of();
        List<String> expects = List.of();
        List<String> connection = List.of();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey();
            String value = header.getValue();
            if (!FieldSyntax.isToken(name)) {
                return refuse(Refusal.badRequest("invalid header name"));
            }
            if (!FieldSyntax.isValidValue(value)) {
                return refuse(Refusal.badRequest("control character (CR, LF, NUL...) in the value of header " + name));
            }
            if (name.indexOf('_') >= 0) {
                if (underscores == UnderscoreHeaders.REJECT) {
                    return refuse(Refusal.badRequest("header name with an underscore: " + name));
                }
                if (underscores == UnderscoreHeaders.DELETE) {
                    continue;
                }
            }
            if (h2 && isH2ConnectionSpecific(name, value)) {
                return refuse(Refusal.badRequest("connection-specific header " + name + " in an HTTP/2 request"));
            }
            if (name.equalsIgnoreCase("Host")) {
                hosts.add(value.trim());
            } else if (name.equalsIgnoreCase("Content-Length")) {
                contentLengths = add(contentLengths, value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                transferEncodings = add(transferEncodings, value);
            } else if (name.equalsIgnoreCase("Expect")) {
                expects = add(expects, value);
            } else if (name.equalsIgnoreCase("Connection")) {
                connection = add(connection, value);
            } else if (!HeaderNames.isHopByHop(name)) {
                upstream.add(name, value);
            }
        }
        BodyFraming framing;
        String host;
        RequestTarget target;
        try {
            framing = h2 ? lengthFraming(contentLengths, BodyFraming.STREAM)
                    : h1Framing(request.version(), contentLengths, transferEncodings);
            ParsedTarget parsed = RequestTarget.parse(request.uri(), request.method() == HttpMethod.OPTIONS, targetRules);
            if (parsed instanceof Refusal r) {
                return refuse(r);
            }
            target = (RequestTarget) parsed;
            host = authority(request, h2, hosts, target);
        } catch (Refused refused) {
            return refused;
        }

        boolean expectContinue = false;
        if (!expects.isEmpty()) {
            if (expects.size() != 1 || !expects.get(0).trim().equalsIgnoreCase("100-continue")) {
                return refuse(new Refusal(417, "unsupported expectation in Expect", false));
            }
            // As Go's server: 100-continue means something only for an HTTP/1.1+ request with a body.
            expectContinue = request.version() != HttpVersion.HTTP_1_0 && framing.hasBody();
        }

        List<String> scoped = List.of();
        for (String token : HeaderNames.connectionTokens(connection)) {
            if (ForwardedHeaders.isManaged(token) || token.equalsIgnoreCase("upgrade")) {
                // The gateway's own X-Forwarded-* headers cannot be dropped by the client (CVE-2024-45410);
                // Upgrade is handled by the forwarder.
                continue;
            }
            if (connectionAllowed.stream().anyMatch(token::equalsIgnoreCase)) {
                scoped = add(scoped, token);
                continue;
            }
            upstream.remove(token);
        }
        return new Admitted(new AdmittedRequest(target, host, HostSyntax.routingHost(host), framing, expectContinue, upstream, scoped));
    }

    /** HTTP/1.x: RFC 9112 section 6; anything ambiguous is refused and the connection closed. */
    private static BodyFraming h1Framing(HttpVersion version, List<String> contentLengths, List<String> transferEncodings) {
        if (!transferEncodings.isEmpty()) {
            if (version == HttpVersion.HTTP_1_0) {
                throw new Refused(Refusal.badFraming("Transfer-Encoding in an HTTP/1.0 request"));
            }
            if (!contentLengths.isEmpty()) {
                throw new Refused(Refusal.badFraming("both Content-Length and Transfer-Encoding"));
            }
            if (transferEncodings.size() != 1 || !transferEncodings.get(0).trim().equalsIgnoreCase("chunked")) {
                throw new Refused(new Refusal(501, "unsupported Transfer-Encoding (only chunked is)", true));
            }
            return BodyFraming.STREAM;
        }
        return lengthFraming(contentLengths, BodyFraming.NONE);
    }

    /**
     * A validated Content-Length, or {@code otherwise} without one (HTTP/1.x: no body; HTTP/2: DATA
     * frames of unknown total, whose sum the codec checks against a content-length when one is sent).
     */
    private static BodyFraming lengthFraming(List<String> contentLengths, BodyFraming otherwise) {
        if (contentLengths.isEmpty()) {
            return otherwise;
        }
        String value = contentLengths.get(0).trim();
        if (contentLengths.size() != 1 || !isDecimalLength(value)) {
            throw new Refused(Refusal.badFraming("invalid or repeated Content-Length"));
        }
        long length = Long.parseLong(value);
        return length == 0 ? BodyFraming.NONE : new BodyFraming.Length(length);
    }

    /** RFC 9110 section 8.6: digits only; at most 18 of them, which stay below Long.MAX_VALUE. */
    private static boolean isDecimalLength(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** RFC 9112 section 3.2 and RFC 9113 section 8.3.1; absolute-form targets override Host (RFC 9112 section 3.2.2). */
    private static String authority(HttpServerRequest request, boolean h2, List<String> hosts, RequestTarget target) {
        if (hosts.size() > 1) {
            throw new Refused(Refusal.badRequest("more than one Host header"));
        }
        String hostHeader = hosts.isEmpty() ? null : hosts.get(0);
        if (hostHeader != null && !HostSyntax.isValidAuthority(hostHeader)) {
            throw new Refused(Refusal.badRequest("malformed Host header"));
        }
        if (target.authority() != null) {
            return target.authority();
        }
        if (h2) {
            HostAndPort authority = request.authority();
            if (authority == null) {
                if (hostHeader == null) {
                    throw new Refused(Refusal.badRequest("HTTP/2 request without :authority or host"));
                }
                return hostHeader;
            }
            String value = authority.port() > 0 ? bracketed(authority.host()) + ":" + authority.port() : bracketed(authority.host());
            if (!HostSyntax.isValidAuthority(value)) {
                throw new Refused(Refusal.badRequest("malformed :authority"));
            }
            if (hostHeader != null && !HostSyntax.routingHost(hostHeader).equals(HostSyntax.routingHost(value))) {
                throw new Refused(Refusal.badRequest("host header differs from :authority"));
            }
            return value;
        }
        if (hostHeader == null) {
            if (request.version() != HttpVersion.HTTP_1_0) {
                throw new Refused(Refusal.badRequest("HTTP/1.1 request without Host header"));
            }
            return "";
        }
        return hostHeader;
    }

    private static String bracketed(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static boolean isH2ConnectionSpecific(String name, String value) {
        for (String specific : H2_CONNECTION_SPECIFIC) {
            if (specific.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return name.equalsIgnoreCase("te") && !value.trim().equalsIgnoreCase("trailers");
    }

    private static List<String> add(List<String> list, String value) {
        List<String> out = list.isEmpty() ? new ArrayList<>(1) : list;
        out.add(value);
        return out;
    }

    private static Admission refuse(Refusal refusal) {
        return new Refused(refusal);
    }
}
