package io.jwtgate.gateway.runtime;

import io.jwtgate.gateway.rule.RuleRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One request on its way through the gateway: the client's request, the headers and path that
 * will be sent upstream (middlewares edit these, never the client's originals), and what the
 * access log needs to know. Lives on one event loop; not shared between threads.
 */
public final class Exchange implements RuleRequest {

    private final HttpServerRequest request;
    private final String entryPoint;
    private final boolean tls;
    private final long startNanos = System.nanoTime();
    private final MultiMap upstreamHeaders;
    private String upstreamPath;
    private String upstreamQuery;
    private Buffer bufferedBody;
    private String host;
    private String decodedPath;
    private InetAddress clientAddress;
    private String routerName;
    private String serviceName;
    private String username;
    private String authReason;
    private String upstreamAddress;
    private long maxRequestBodyBytes;
    private MultiMap extraResponseHeaders;

    public Exchange(HttpServerRequest request, String entryPoint, boolean tls) {
        this.request = request;
        this.entryPoint = entryPoint;
        this.tls = tls;
        this.upstreamHeaders = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
        this.upstreamPath = rawPath(request.uri());
        this.upstreamQuery = request.query();
    }

    private static String rawPath(String uri) {
        if (uri == null || uri.isEmpty()) {
            return "/";
        }
        int q = uri.indexOf('?');
        String p = q < 0 ? uri : uri.substring(0, q);
        // Absolute-form request targets (http://host/path) carry the path after the authority.
        if (p.startsWith("http://") || p.startsWith("https://")) {
            int slash = p.indexOf('/', p.indexOf("//") + 2);
            p = slash < 0 ? "/" : p.substring(slash);
        }
        return p.isEmpty() ? "/" : p;
    }

    public HttpServerRequest request() {
        return request;
    }

    public HttpServerResponse response() {
        return request.response();
    }

    public String entryPoint() {
        return entryPoint;
    }

    public boolean isTls() {
        return tls;
    }

    public long startNanos() {
        return startNanos;
    }

    /** Headers that will be sent upstream; middlewares add and remove here. */
    public MultiMap upstreamHeaders() {
        return upstreamHeaders;
    }

    /** Headers added to the response to the client (e.g. by the headers middleware). */
    public MultiMap extraResponseHeaders() {
        if (extraResponseHeaders == null) {
            extraResponseHeaders = MultiMap.caseInsensitiveMultiMap();
        }
        return extraResponseHeaders;
    }

    /** True when a middleware added response headers (most requests: none, and no map is created). */
    public boolean hasExtraResponseHeaders() {
        return extraResponseHeaders != null && !extraResponseHeaders.isEmpty();
    }

    /** The raw (still percent-encoded) path that will be sent upstream. */
    public String upstreamPath() {
        return upstreamPath;
    }

    public void upstreamPath(String path) {
        this.upstreamPath = path;
    }

    public String upstreamQuery() {
        return upstreamQuery;
    }

    public String upstreamUri() {
        return upstreamQuery == null ? upstreamPath : upstreamPath + "?" + upstreamQuery;
    }

    /** A body already read into memory by a middleware (e.g. to look for a form field); sent instead of streaming. */
    public Buffer bufferedBody() {
        return bufferedBody;
    }

    public void bufferedBody(Buffer body) {
        this.bufferedBody = body;
    }

    // ---- RuleRequest -------------------------------------------------------------------------

    @Override
    public String host() {
        if (host == null) {
            String h = request.authority() != null ? request.authority().host() : request.getHeader(HttpHeaders.HOST);
            h = h == null ? "" : h.toLowerCase(Locale.ROOT);
            if (h.startsWith("[")) {
                int end = h.indexOf(']');
                h = end > 0 ? h.substring(1, end) : h;
            } else {
                int colon = h.indexOf(':');
                if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
                    h = h.substring(0, colon);
                }
            }
            if (h.endsWith(".")) {
                h = h.substring(0, h.length() - 1);
            }
            host = h;
        }
        return host;
    }

    @Override
    public String path() {
        if (decodedPath == null) {
            String raw = rawPath(request.uri());
            try {
                decodedPath = raw.indexOf('%') < 0 ? raw : URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decodedPath = raw;
            }
        }
        return decodedPath;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public List<String> headers(String name) {
        return request.headers().getAll(name);
    }

    /** Query parameter names are case-sensitive, as in Traefik. */
    @Override
    public List<String> queryParams(String name) {
        return exactQueryParams(name);
    }

    private List<String> exactQueryParams(String name) {
        List<String> out = new ArrayList<>();
        if (request.query() == null) {
            return out;
        }
        for (String pair : request.query().split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            try {
                if (URLDecoder.decode(k, StandardCharsets.UTF_8).equals(name)) {
                    out.add(URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            } catch (IllegalArgumentException ignored) {
                // a malformed pair never matches
            }
        }
        return out;
    }

    @Override
    public InetAddress clientAddress() {
        if (clientAddress == null) {
            SocketAddress remote = request.remoteAddress();
            if (remote != null && remote.hostAddress() != null) {
                try {
                    // An IP literal: no DNS lookup happens.
                    clientAddress = InetAddress.getByName(remote.hostAddress());
                } catch (UnknownHostException e) {
                    clientAddress = null;
                }
            }
        }
        return clientAddress;
    }

    public String clientIp() {
        SocketAddress remote = request.remoteAddress();
        return remote == null ? "" : remote.hostAddress();
    }

    // ---- access-log facts --------------------------------------------------------------------

    public String routerName() {
        return routerName;
    }

    public void routerName(String name) {
        this.routerName = name;
    }

    public String serviceName() {
        return serviceName;
    }

    public void serviceName(String name) {
        this.serviceName = name;
    }

    public String username() {
        return username;
    }

    public void username(String name) {
        this.username = name;
    }

    public String authReason() {
        return authReason;
    }

    public void authReason(String reason) {
        this.authReason = reason;
    }

    /** 0 means unlimited. */
    public long maxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    public void maxRequestBodyBytes(long limit) {
        this.maxRequestBodyBytes = limit;
    }

    public String upstreamAddress() {
        return upstreamAddress;
    }

    public void upstreamAddress(String address) {
        this.upstreamAddress = address;
    }
}
