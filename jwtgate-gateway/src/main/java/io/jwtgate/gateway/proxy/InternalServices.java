package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Responses;
import java.util.Map;

/**
 * The services a router may name with {@code @internal}, as in Traefik: which exist depends on the
 * static configuration (the entry points' package builds them). {@code noop@internal} answers 418
 * with no body (Traefik's: it is meant for routers whose middleware always answers, such as a
 * redirect). A router naming one that does not exist is disabled with the reason, never served by
 * something else.
 */
public final class InternalServices {

    /** Traefik's {@code noop@internal}. */
    public static final ServiceHandler NOOP = new ServiceHandler() {
        @Override
        public void serve(Exchange exchange, Forwarder forwarder) {
            Responses.answer(exchange, 418, null, null);
        }

        @Override
        public String toString() {
            return "noop@internal";
        }
    };

    private final Map<String, ServiceHandler> served;
    private final Map<String, String> reasons;

    /**
     * @param served  by qualified name ({@code api@internal})
     * @param reasons why the others the user may name do not exist, with the fix
     */
    public InternalServices(Map<String, ServiceHandler> served, Map<String, String> reasons) {
        this.served = Map.copyOf(served);
        this.reasons = Map.copyOf(reasons);
    }

    /** Only {@code noop@internal}: for offline checks and tests without entry points. */
    public static InternalServices noopOnly() {
        return new InternalServices(Map.of("noop@internal", NOOP), Map.of());
    }

    /** Every service served, by name. */
    public Map<String, ServiceHandler> served() {
        return served;
    }

    /** The service, or null when it does not exist in this configuration. */
    public ServiceHandler get(String name) {
        return served.get(name);
    }

    /** Why a router cannot use this internal service, with what to do instead. */
    public String unsupported(String name) {
        String reason = reasons.get(name);
        return reason != null ? reason
                : "service '" + name + "' does not exist (fix: use one of " + served.keySet().stream().sorted().toList()
                        + " or a service under http.services)";
    }
}
