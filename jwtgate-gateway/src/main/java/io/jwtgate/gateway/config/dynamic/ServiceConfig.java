package io.jwtgate.gateway.config.dynamic;

import io.jwtgate.gateway.config.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code http.services.<name>}: either a load balancer over servers or a weighted set of other services.
 * A definition that failed to parse carries its {@code error}; routers using it answer 503.
 */
public sealed interface ServiceConfig {

    String name();

    String source();

    /** {@code loadBalancer}: round robin over {@code servers}, optionally health-checked. */
    record LoadBalancer(String name, List<Server> servers, boolean passHostHeader, HealthCheck healthCheck, String source)
            implements ServiceConfig {
        public LoadBalancer {
            servers = List.copyOf(servers);
        }
    }

    /** {@code weighted.services}: smooth weighted round robin over other services. */
    record Weighted(String name, List<WeightedRef> services, String source) implements ServiceConfig {
        public Weighted {
            services = List.copyOf(services);
        }
    }

    record Broken(String name, String source, ConfigException error) implements ServiceConfig {}

    record Server(URI url, int weight) {}

    record WeightedRef(String service, int weight) {}

    /** {@code healthCheck}: GET {@code path} every {@code interval}; a server failing it leaves the rotation. */
    record HealthCheck(String path, Duration interval, Duration timeout, String scheme, int port, String hostname,
                       Map<String, String> headers, int expectedStatus) {
        public HealthCheck {
            headers = Map.copyOf(headers);
        }
    }
}
