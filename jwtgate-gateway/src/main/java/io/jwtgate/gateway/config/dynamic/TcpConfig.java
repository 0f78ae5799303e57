package io.jwtgate.gateway.config.dynamic;

import io.jwtgate.jwt.config.ConfigException;
import java.util.List;
import java.util.Map;

/**
 * The dynamic configuration's {@code tcp} section: TCP routers and services. Names are qualified
 * ({@code name@provider}); broken elements stay with their error, as in {@code http}.
 */
public record TcpConfig(Map<String, Router> routers, Map<String, Service> services) {

    public static final TcpConfig EMPTY = new TcpConfig(Map.of(), Map.of());

    public TcpConfig {
        routers = Map.copyOf(routers);
        services = Map.copyOf(services);
    }

    /**
     * {@code tcp.routers.<name>}.
     *
     * @param priority 0 means Traefik's default (the rule's length; -1 for {@code HostSNI(`*`)})
     * @param tls      null when the router declares no {@code tls} (it takes cleartext connections)
     */
    public record Router(String name, String rule, List<String> entryPoints, String service, int priority, Tls tls, String source,
                         ConfigException error) {
        public Router {
            entryPoints = entryPoints == null ? List.of() : List.copyOf(entryPoints);
        }

        static Router broken(String name, String source, ConfigException error) {
            return new Router(name, null, List.of(), null, 0, null, source, error);
        }
    }

    /**
     * {@code tcp.routers.<name>.tls}.
     *
     * @param passthrough the TLS bytes go to the backend as they came (the backend terminates)
     * @param options     TLS options for termination: {@code default} or a qualified name
     */
    public record Tls(boolean passthrough, String options) {}

    /**
     * {@code tcp.services.<name>}: a {@code loadBalancer} ({@code servers}) or a {@code weighted} service.
     *
     * @param servers       {@code host:port} addresses (loadBalancer)
     * @param proxyProtocol PROXY protocol version sent to the servers first; 0 for none
     * @param weighted      children and weights (weighted), empty for a loadBalancer
     */
    public record Service(String name, List<String> servers, int proxyProtocol, List<Weighted> weighted, String source,
                          ConfigException error) {
        public Service {
            servers = servers == null ? List.of() : List.copyOf(servers);
            weighted = weighted == null ? List.of() : List.copyOf(weighted);
        }

        static Service broken(String name, String source, ConfigException error) {
            return new Service(name, List.of(), 0, List.of(), source, error);
        }
    }

    /** One child of a weighted TCP service: a qualified service name and its weight. */
    public record Weighted(String service, int weight) {}
}
