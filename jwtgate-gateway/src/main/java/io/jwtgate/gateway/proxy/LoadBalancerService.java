package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.Unsupported;
import io.jwtgate.gateway.config.statics.ServersTransportConfig;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.GoUrl;
import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.config.GoDuration;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Traefik's {@code loadBalancer}: its servers through one of Traefik's strategies ({@link Balancer}),
 * with an optional sticky cookie and active health checks. Servers are up unless a health check
 * says otherwise; with none up the answer is Traefik's 503 {@code no available server}.
 */
public final class LoadBalancerService implements ServiceHandler {

    public static final RegisteredService TYPE = new RegisteredService("loadBalancer", "configuration.md#httpservices", (config, ctx) -> {
        Options options = Options.parse(config.options(), ctx.warnings());
        ServersTransportConfig transport = ctx.serversTransport(options.serversTransport(), config.options().get("serversTransport"));
        return new LoadBalancerService(ctx, config.name(), options, transport);
    });

    /**
     * @param servers          {@code servers[].url}, {@code weight} (default 1) and {@code preservePath}
     * @param passHostHeader   {@code passHostHeader} (default true): the client's Host goes to the server
     * @param healthCheck      {@code healthCheck}, or null
     * @param serversTransport {@code serversTransport}: the name of an {@code http.serversTransports} entry, or null
     * @param sticky           {@code sticky.cookie}, or null (its name still to derive from the service's name)
     * @param strategy         {@code strategy}: wrr (default), p2c, hrw (leasttime is served as wrr, with a warning)
     * @param flushInterval    {@code responseForwarding.flushInterval} (default 100ms); see {@link Forwarder} for its effect
     */
    public record Options(List<Server> servers, boolean passHostHeader, ServerHealthCheck healthCheck, String serversTransport,
                          StickyCookie sticky, Balancer.Strategy strategy, Duration flushInterval) {
        public Options {
            servers = List.copyOf(servers);
        }

        private static final Set<String> KEYS = Set.of("servers", "passHostHeader", "healthCheck", "sticky", "responseForwarding",
                "serversTransport", "strategy", "passiveHealthCheck");

        public static Options parse(ConfigNode lb, Consumer<String> warnings) throws ConfigException {
            lb.warnUnknownKeys(KEYS, warnings);
            if (lb.has("passiveHealthCheck")) {
                warnings.accept(Unsupported.message(lb.source(), lb.get("passiveHealthCheck").path(),
                        "ignored: servers leave the rotation only through healthCheck (or a refused connection while healthCheck is set)"));
            }
            List<Server> servers = new ArrayList<>();
            for (ConfigNode s : lb.get("servers").elements()) {
                s.warnUnknownKeys(Set.of("url", "weight", "preservePath"), warnings);
                String raw = s.get("url").requiredString();
                servers.add(new Server(serverUrl(s.get("url")), raw, (int) s.get("weight").integer(1), s.get("preservePath").bool(false)));
            }
            if (servers.isEmpty()) {
                throw lb.get("servers").error("no servers", "add `servers: [{url: http://host:port}]`");
            }
            String transport = lb.get("serversTransport").string(null);
            return new Options(servers, lb.get("passHostHeader").bool(true), ServerHealthCheck.parse(lb.get("healthCheck"), warnings),
                    transport == null || transport.isEmpty() ? null : transport, StickyCookie.parse(lb.get("sticky"), warnings),
                    strategy(lb.get("strategy"), warnings), flushInterval(lb.get("responseForwarding"), warnings));
        }

        private static Balancer.Strategy strategy(ConfigNode n, Consumer<String> warnings) throws ConfigException {
            String s = n.string("wrr").toLowerCase(Locale.ROOT);
            return switch (s) {
                case "wrr", "" -> Balancer.Strategy.WRR;
                case "p2c" -> Balancer.Strategy.P2C;
                case "hrw" -> Balancer.Strategy.HRW;
                case "leasttime" -> {
                    warnings.accept(Unsupported.message(n.source(), n.path(), "leasttime is served as wrr (weighted round robin)"));
                    yield Balancer.Strategy.WRR;
                }
                default -> throw n.error("unsupported load-balancer strategy \"" + n.string("") + "\"", "use wrr, p2c, hrw or leasttime");
            };
        }

        /** Percent-encodes the ASCII characters {@link URI} refuses anywhere (Go leaves them raw in a query). */
        private static String uriSafe(String url) {
            StringBuilder out = new StringBuilder(url.length());
            for (int i = 0; i < url.length(); i++) {
                char c = url.charAt(i);
                if (c <= ' ' || "\"<>\\^`{|}".indexOf(c) >= 0) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        /** Traefik's duration: a negative value is allowed (flush after every write). */
        private static Duration flushInterval(ConfigNode forwarding, Consumer<String> warnings) throws ConfigException {
            forwarding.warnUnknownKeys(Set.of("flushInterval"), warnings);
            ConfigNode n = forwarding.get("flushInterval");
            if (n.isMissing()) {
                return Duration.ofMillis(100);
            }
            try {
                return GoDuration.parse(n.string(""));
            } catch (IllegalArgumentException e) {
                throw n.error(e.getMessage(), "use a duration such as 100ms, or -1 to flush after every write");
            }
        }

        /**
         * Go's {@code url.Parse} decides what Traefik accepts (it takes {@code {status}} or a space in a path, which
         * {@link URI} refuses); Go's own escaped form of it, with what Go keeps raw in a query escaped too, is a valid URI.
         */
        private static URI serverUrl(ConfigNode n) throws ConfigException {
            String raw = n.requiredString();
            try {
                URI uri = new URI(uriSafe(GoUrl.parse(raw).toString()));
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!Set.of("http", "https", "h2c").contains(scheme) || uri.getHost() == null) {
                    throw n.error("'" + raw + "' is not an http(s) URL with a host", "write it as http://host:port");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw n.error("'" + raw + "' is not a valid URL: " + e.getMessage(), "write it as http://host:port");
            } catch (URISyntaxException e) {
                throw n.error("'" + raw + "' is not a valid URL: " + e.getReason(), "write it as http://host:port");
            }
        }
    }

    /**
     * One {@code servers[]} entry.
     *
     * @param written      the URL as written: the server's name for health status and sticky cookies, as in Traefik
     * @param preservePath Traefik's {@code preservePath}: the URL's path goes in front of the request's (otherwise it is dropped)
     */
    public record Server(URI url, String written, int weight, boolean preservePath) {}

    private record Member(Forwarder.Target target, Runnable markDown) {}

    private final String name;
    private final boolean passHostHeader;
    private final Balancer<Member> balancer;
    private final HealthChecker healthChecker;
    /** Only p2c reads the requests in flight. */
    private final boolean countInFlight;

    LoadBalancerService(ServiceContext ctx, String name, Options config, ServersTransportConfig transport) {
        this.name = name;
        this.passHostHeader = config.passHostHeader();
        this.countInFlight = config.strategy() == Balancer.Strategy.P2C;
        StickyCookie sticky = config.sticky() == null ? null : config.sticky().forService(name);
        if (sticky != null && config.strategy() == Balancer.Strategy.HRW) {
            ctx.warnings().accept("service " + name + ": sticky has no effect with strategy hrw (as in Traefik)");
        }
        this.balancer = new Balancer<>(config.strategy(), sticky, config.healthCheck() != null);
        Map<String, URI> checked = new LinkedHashMap<>();
        HealthChecker[] checker = new HealthChecker[1];
        for (Server s : config.servers()) {
            // A Target per server, computed here so that a request allocates neither strings nor callbacks.
            Runnable markDown = () -> {
                if (checker[0] != null) {
                    checker[0].markDown(s.written());
                }
            };
            balancer.add(s.written(), new Member(Forwarder.Target.of(s.url(), transport, s.preservePath()), markDown), s.weight());
            checked.put(s.written(), s.url());
        }
        this.healthChecker = config.healthCheck() == null ? null
                : new HealthChecker(ctx.vertx(), name, config.healthCheck(), checked, transport, balancer::setStatus);
        checker[0] = healthChecker;
    }

    @Override
    public void serve(Exchange exchange, Forwarder forwarder) {
        exchange.facts().serviceName(name);
        Balancer.Child<Member> child = balancer.choose(exchange);
        if (child == null) {
            return;
        }
        if (countInFlight) {
            child.inflight.incrementAndGet();
            exchange.onFinish(child.inflight::decrementAndGet);
        }
        forwarder.forward(exchange, child.handler.target(), passHostHeader, child.handler.markDown());
    }

    @Override
    public Watch watchHealth(Consumer<Boolean> listener) {
        return balancer.watch(listener);
    }

    @Override
    public void close() {
        if (healthChecker != null) {
            healthChecker.close();
        }
    }
}
