package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Responses;

/**
 * The services a router may name with {@code @internal}, as in Traefik. {@code noop@internal}
 * answers 418 with no body (Traefik's: it is meant for routers whose middleware always answers,
 * such as a redirect). {@code api@internal}, {@code dashboard@internal}, {@code rest@internal},
 * {@code ping@internal} and {@code prometheus@internal} are served on their own entry points
 * (see {@code api}, {@code ping} and {@code metrics}) and not yet as a router's service: a router
 * naming one is disabled with that explanation, never served by something else.
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

    private InternalServices() {}

    /** The service, or null when the name is not one this version serves to routers. */
    public static ServiceHandler get(String name) {
        return name.equals("noop@internal") ? NOOP : null;
    }

    /** Why a router cannot use this internal service, with what to do instead. */
    public static String unsupported(String name) {
        return switch (name) {
            case "api@internal", "dashboard@internal", "rest@internal" ->
                    "service '" + name + "' is not available to routers in this jwtgate version (fix: enable `api` and use the"
                            + " `traefik` entry point, which serves /api/http/...)";
            case "ping@internal" -> "service 'ping@internal' is not available to routers in this jwtgate version (fix: set"
                    + " `ping.entryPoint`, which serves /ping)";
            case "prometheus@internal" -> "service 'prometheus@internal' is not available to routers in this jwtgate version (fix: set"
                    + " `metrics.prometheus.entryPoint`, which serves /metrics)";
            default -> "unknown internal service " + name + " (fix: use noop@internal or a service under http.services)";
        };
    }
}
