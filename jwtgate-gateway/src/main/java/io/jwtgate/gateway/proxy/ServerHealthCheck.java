package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.config.GoDuration;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A load balancer's {@code healthCheck} (Traefik's {@code dynamic.ServerHealthCheck}), with Traefik's
 * defaults: mode {@code http}, method GET, interval 30s, timeout 5s, unhealthyInterval = interval,
 * followRedirects true, healthy = 2xx/3xx unless {@code status} is set. A duration that is not
 * positive takes the default (Traefik logs an error and does the same).
 */
public record ServerHealthCheck(String scheme, String mode, String path, String method, int status, int port, Duration interval,
                                Duration unhealthyInterval, Duration timeout, String hostname, Map<String, String> headers,
                                boolean followRedirects) {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Set<String> KEYS = Set.of("scheme", "mode", "path", "method", "status", "port", "interval",
            "unhealthyInterval", "timeout", "hostname", "headers", "followRedirects");

    public ServerHealthCheck {
        headers = Map.copyOf(headers);
    }

    public boolean grpc() {
        return mode.equals("grpc");
    }

    /** Null when {@code n} is missing. */
    public static ServerHealthCheck parse(ConfigNode n, Consumer<String> warnings) throws ConfigException {
        if (n.isMissing()) {
            return null;
        }
        n.warnUnknownKeys(KEYS, warnings);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> h : n.get("headers").fields().entrySet()) {
            headers.put(h.getKey(), h.getValue().string(""));
        }
        String path = n.get("path").string("");
        checkRelative(path, n.get("path"));
        String mode = n.get("mode").string("http").toLowerCase(Locale.ROOT);
        if (!mode.equals("http") && !mode.equals("grpc")) {
            warnings.accept(n.source() + ": " + n.get("mode").path() + ": '" + mode + "' is neither http nor grpc: checked as http (as Traefik)");
            mode = "http";
        }
        Duration interval = positive(n.get("interval"), DEFAULT_INTERVAL, DEFAULT_INTERVAL, warnings);
        Duration unhealthy = positive(n.get("unhealthyInterval"), interval, DEFAULT_INTERVAL, warnings);
        String method = n.get("method").string("");
        return new ServerHealthCheck(n.get("scheme").string(""), mode, path, method.isEmpty() ? "GET" : method.toUpperCase(Locale.ROOT),
                (int) n.get("status").integer(0), (int) n.get("port").integer(0), interval, unhealthy,
                positive(n.get("timeout"), DEFAULT_TIMEOUT, DEFAULT_TIMEOUT, warnings), n.get("hostname").string(""), headers,
                n.get("followRedirects").bool(true));
    }

    /** As Traefik's {@code newRequest}: the path must be a relative URL (no scheme, no host). Refused here, where Traefik fails every check. */
    private static void checkRelative(String path, ConfigNode at) throws ConfigException {
        try {
            URI uri = new URI(path);
            if (uri.getScheme() != null || uri.getRawAuthority() != null) {
                throw at.error("health check path must be a relative URL, got: \"" + path + "\"", "write only the path, such as /health");
            }
        } catch (URISyntaxException e) {
            throw at.error("'" + path + "' is not a valid URL path: " + e.getReason(), "write a path such as /health");
        }
    }

    /** A Go duration; missing: {@code missing}; zero or negative: {@code fallback}, with a warning. */
    private static Duration positive(ConfigNode n, Duration missing, Duration fallback, Consumer<String> warnings) throws ConfigException {
        if (n.isMissing()) {
            return missing;
        }
        Duration d;
        try {
            d = GoDuration.parse(n.string(""));
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage(), "use a duration such as 30s, 1m30s or 250ms");
        }
        if (d.isNegative() || d.isZero()) {
            warnings.accept(n.source() + ": " + n.path() + ": " + n.string("") + " is not positive: " + GoDuration.format(fallback)
                    + " is used (as Traefik)");
            return fallback;
        }
        return d;
    }

    /**
     * Where one server's check goes, as Traefik's {@code newRequest} builds it: the path resolved
     * against the server URL, the scheme and port overridden when set, the Host header the
     * {@code hostname} or else the URL's host and port as written.
     *
     * @param uri      the URL to request ({@code http://backend1:8080/health?x=y})
     * @param hostHeader what the {@code Host} header carries
     */
    public record Request(URI uri, String method, String hostHeader, Map<String, String> headers) {

        public boolean tls() {
            return "https".equalsIgnoreCase(uri.getScheme());
        }

        public int connectPort() {
            return uri.getPort() > 0 ? uri.getPort() : tls() ? 443 : 80;
        }

        public String pathAndQuery() {
            String p = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? p : p + "?" + uri.getRawQuery();
        }
    }

    public Request request(URI server) {
        URI u = path.isEmpty() ? server : server.resolve(path);
        String scheme = scheme().isEmpty() ? u.getScheme() : scheme();
        int p = port > 0 ? port : u.getPort();
        String authority = p > 0 ? u.getHost() + ":" + p : u.getHost();
        String rawPath = u.getRawPath() == null ? "" : u.getRawPath();
        URI target = URI.create(scheme + "://" + authority + rawPath + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
        return new Request(target, method, hostname.isEmpty() ? authority : hostname, headers);
    }
}
