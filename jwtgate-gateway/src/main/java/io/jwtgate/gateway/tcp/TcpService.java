package io.jwtgate.gateway.tcp;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A TCP service: which backend server the next connection goes to. */
public sealed interface TcpService {

    /** A backend address, with the PROXY protocol version to send first (0: none). */
    record Server(String host, int port, int proxyProtocol) {
        static Server parse(String address, int proxyProtocol) {
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new Server(host, Integer.parseInt(address.substring(colon + 1)), proxyProtocol);
        }
    }

    /** The server for the next connection; null when none can take it (a weighted service whose weights are all 0). */
    Server next();

    /** Traefik's TCP {@code loadBalancer}: round robin over its servers. */
    record RoundRobin(List<Server> servers, AtomicLong counter) implements TcpService {
        public RoundRobin(List<Server> servers) {
            this(List.copyOf(servers), new AtomicLong());
        }

        @Override
        public Server next() {
            if (servers.isEmpty()) {
                return null; // a Kubernetes Service without endpoints, kept by allowEmptyServices: connections are closed
            }
            return servers.get((int) Math.floorMod(counter.getAndIncrement(), (long) servers.size()));
        }
    }

    /**
     * Traefik's TCP {@code weighted} service: smooth weighted round robin over its children, so that
     * weights 3 and 1 send three connections of four to the first, interleaved.
     */
    final class Weighted implements TcpService {
        private final List<TcpService> children;
        private final int[] weights;
        private final long[] current;

        public Weighted(List<TcpService> children, List<Integer> weights) {
            this.children = List.copyOf(children);
            this.weights = weights.stream().mapToInt(Integer::intValue).toArray();
            this.current = new long[this.weights.length];
        }

        @Override
        public Server next() {
            int chosen = -1;
            synchronized (this) {
                long total = 0;
                for (int i = 0; i < weights.length; i++) {
                    if (weights[i] <= 0) {
                        continue;
                    }
                    current[i] += weights[i];
                    total += weights[i];
                    if (chosen < 0 || current[i] > current[chosen]) {
                        chosen = i;
                    }
                }
                if (chosen < 0) {
                    return null;
                }
                current[chosen] -= total;
            }
            return children.get(chosen).next();
        }
    }
}
