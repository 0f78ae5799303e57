package io.jwtgate.gateway.tcp;

import java.util.List;

/**
 * The TCP routers of one entry point, in match order (priority, then name), split as Traefik's
 * muxers are: routers without {@code tls} take cleartext connections, the others TLS ones.
 */
public record TcpRoutes(List<TcpRoute> plain, List<TcpRoute> tls) {

    public static final TcpRoutes NONE = new TcpRoutes(List.of(), List.of());

    public TcpRoutes {
        plain = List.copyOf(plain);
        tls = List.copyOf(tls);
    }

    public boolean isEmpty() {
        return plain.isEmpty() && tls.isEmpty();
    }

    public TcpRoute matchPlain(ConnData c) {
        return match(plain, c);
    }

    public TcpRoute matchTls(ConnData c) {
        return match(tls, c);
    }

    private static TcpRoute match(List<TcpRoute> routes, ConnData c) {
        for (TcpRoute r : routes) {
            if (r.rule().matcher().test(c)) {
                return r;
            }
        }
        return null;
    }
}
