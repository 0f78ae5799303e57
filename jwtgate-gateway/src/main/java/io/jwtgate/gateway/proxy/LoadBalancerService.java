package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.statics.ServersTransportConfig;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.jwt.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Traefik's {@code loadBalancer}: weighted round robin over the servers that are up. Servers
 * are "up" unless a health check says otherwise; with no server up the answer is 503.
 */
public final class LoadBalancerService implements ServiceHandler {

    public static final RegisteredService TYPE = new RegisteredService("loadBalancer", "configuration.md#httpservices", (config, ctx) -> {
        Options options = Options.parse(config.options(), ctx.warnings());
        ServersTransportConfig transport = ctx.serversTransport(options.serversTransport(), config.options().get("serversTransport"));
        HealthChecker checker = options.healthCheck() == null ? null
                : new HealthChecker(ctx.vertx(), config.name(), options.healthCheck(), options.servers().stream().map(Server::url).toList());
        return new LoadBalancerService(config.name(), options, checker, transport);
    });

    /**
     * @param servers        {@code servers[].url} and {@code weight} (default 1)
     * @param passHostHeader {@code passHostHeader} (default true): the client's Host goes to the server
     * @param healthCheck    {@code healthCheck}, or null
     * @param serversTransport {@code serversTransport}: the name of an {@code http.serversTransports} entry, or null
     */
    public record Options(List<Server> servers, boolean passHostHeader, HealthCheck healthCheck, String serversTransport) {
        public Options {
            servers = List.copyOf(servers);
        }

        /** Traefik's keys that this version reads without effect (warned about; listed in docs/configuration.md). */
        private static final Set<String> IGNORED = Set.of("sticky", "responseForwarding", "strategy");

        public static Options parse(ConfigNode lb, Consumer<String> warnings) throws ConfigException {
            lb.warnUnknownKeys(Set.of("servers", "passHostHeader", "healthCheck", "sticky", "responseForwarding", "serversTransport",
                    "strategy"), warnings);
            lb.warnIgnoredKeys(IGNORED, warnings);
            List<Server> servers = new ArrayList<>();
            for (ConfigNode s : lb.get("servers").elements()) {
                servers.add(new Server(serverUrl(s.get("url")), (int) s.get("weight").integer(1)));
            }
            if (servers.isEmpty()) {
                throw lb.get("servers").error("no servers", "add `servers: [{url: http://host:port}]`");
            }
            String transport = lb.get("serversTransport").string(null);
            return new Options(servers, lb.get("passHostHeader").bool(true), HealthCheck.parse(lb.get("healthCheck")),
                    transport == null || transport.isEmpty() ? null : transport);
        }

        private static URI serverUrl(ConfigNode n) throws ConfigException {
            String raw = n.requiredString();
            try {
                URI uri = new URI(raw);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!Set.of("http", "https", "h2c").contains(scheme) || uri.getHost() == null) {
                    throw n.error("'" + raw + "' is not an http(s) URL with a host", "write it as http://host:port");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw n.error("'" + raw + "' is not a valid URL: " + e.getReason(), "write it as http://host:port");
            }
        }
    }

    /** One {@code servers[]} entry. */
    public record Server(URI url, int weight) {}

    /** {@code healthCheck}: GET {@code path} every {@code interval}; a server failing it leaves the rotation. */
    public record HealthCheck(String path, Duration interval, Duration timeout, String scheme, int port, String hostname,
                              Map<String, String> headers, int expectedStatus) {
        public HealthCheck {
            headers = Map.copyOf(headers);
        }

        static HealthCheck parse(ConfigNode n) throws ConfigException {
            if (n.isMissing()) {
                return null;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigNode> h : n.get("headers").fields().entrySet()) {
                headers.put(h.getKey(), h.getValue().string(""));
            }
            String path = n.get("path").string("/");
            if (!path.startsWith("/")) {
                throw n.get("path").error("must start with '/'", "write it as /health");
            }
            return new HealthCheck(path, n.get("interval").duration(Duration.ofSeconds(30)),
                    n.get("timeout").duration(Duration.ofSeconds(5)), n.get("scheme").string(null),
                    (int) n.get("port").integer(0), n.get("hostname").string(null), headers, (int) n.get("status").integer(0));
        }
    }

    private final String name;
    private final List<Member> rotation;
    private final boolean passHostHeader;
    private final HealthChecker healthChecker;
    private final AtomicInteger next = new AtomicInteger();

    /** @param transport the servers transport to reach the servers with; null for the static {@code serversTransport} */
    public LoadBalancerService(String name, Options config, HealthChecker healthChecker, ServersTransportConfig transport) {
        this.name = name;
        // Expanding weights into a rotation keeps selection a single atomic increment.
        // One Server per URL, computed here so that a request allocates neither strings nor callbacks.
        Map<URI, Member> servers = new java.util.HashMap<>();
        this.rotation = config.servers().stream()
                .flatMap(s -> java.util.Collections.nCopies(Math.max(0, s.weight()), s.url()).stream())
                .map(url -> servers.computeIfAbsent(url, u -> new Member(Forwarder.Target.of(u, transport),
                        healthChecker == null ? () -> { } : () -> healthChecker.markDown(u))))
                .toList();
        this.passHostHeader = config.passHostHeader();
        this.healthChecker = healthChecker;
    }

    private record Member(Forwarder.Target target, Runnable markDown) {}

    @Override
    public void serve(Exchange exchange, Forwarder forwarder) {
        exchange.facts().serviceName(name);
        Member server = pick();
        if (server == null) {
            Responses.serviceUnavailable(exchange);
            return;
        }
        forwarder.forward(exchange, server.target(), passHostHeader, server.markDown());
    }

    private Member pick() {
        int size = rotation.size();
        for (int i = 0; i < size; i++) {
            Member candidate = rotation.get(Math.floorMod(next.getAndIncrement(), size));
            if (healthChecker == null || healthChecker.isUp(candidate.target().uri())) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (healthChecker != null) {
            healthChecker.close();
        }
    }
}
