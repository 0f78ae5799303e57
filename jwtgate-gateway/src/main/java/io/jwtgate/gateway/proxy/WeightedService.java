package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Traefik's {@code weighted} service: shares requests between other services by weight, in
 * Traefik's weighted round robin ({@link Balancer}), with an optional sticky cookie of its own
 * (the children's cookies are theirs: nested stickiness) and, with {@code healthCheck: {}}, following
 * its children's health: a child that goes down leaves the rotation, and the service reports up its
 * own state to its parents.
 */
public final class WeightedService implements ServiceHandler {

    public static final RegisteredService TYPE = new RegisteredService("weighted", "configuration.md#httpservices", (config, ctx) -> {
        Options options = Options.parse(config.options(), ctx.warnings());
        StickyCookie sticky = options.sticky() == null ? null : options.sticky().forService(config.name());
        WeightedService service = new WeightedService(config.name(), new Balancer<>(Balancer.Strategy.WRR, sticky, options.healthCheck()));
        List<ConfigNode> refs = config.options().get("services").elements();
        for (int i = 0; i < options.services().size(); i++) {
            Ref ref = options.services().get(i);
            ServiceHandler child = ctx.service(ref.service(), refs.get(i).get("name"));
            service.balancer.add(ref.service(), child, ref.weight());
            if (options.healthCheck()) {
                boolean up = service.children.follow(config.name(), ref.service(), child, config.options().get("healthCheck"),
                        childUp -> service.balancer.setStatus(ref.service(), childUp));
                service.balancer.setStatus(ref.service(), up);
            }
        }
        return service;
    });

    /**
     * @param services    {@code services[].name} and {@code weight} (default 1)
     * @param sticky      {@code sticky.cookie}, or null
     * @param healthCheck {@code healthCheck: {}} is present
     */
    public record Options(List<Ref> services, StickyCookie sticky, boolean healthCheck) {
        public Options {
            services = List.copyOf(services);
        }

        public static Options parse(ConfigNode w, Consumer<String> warnings) throws ConfigException {
            w.warnUnknownKeys(Set.of("services", "sticky", "healthCheck"), warnings);
            w.get("healthCheck").warnUnknownKeys(Set.of(), warnings);
            List<Ref> refs = new ArrayList<>();
            for (ConfigNode r : w.get("services").elements()) {
                r.warnUnknownKeys(Set.of("name", "weight"), warnings);
                refs.add(new Ref(r.get("name").requiredString(), (int) r.get("weight").integer(1)));
            }
            if (refs.isEmpty()) {
                throw w.get("services").error("is empty", "list at least one service with name and weight");
            }
            return new Options(refs, StickyCookie.parse(w.get("sticky"), warnings), w.has("healthCheck"));
        }
    }

    /** One {@code services[]} entry: a service name (qualified with the parent's provider when it names none) and its weight. */
    public record Ref(String service, int weight) {}

    private final String name;
    private final Balancer<ServiceHandler> balancer;
    private final ChildHealth children = new ChildHealth();

    private WeightedService(String name, Balancer<ServiceHandler> balancer) {
        this.name = name;
        this.balancer = balancer;
    }

    @Override
    public void serve(Exchange exchange, Forwarder forwarder) {
        exchange.facts().serviceName(name);
        Balancer.Child<ServiceHandler> child = balancer.choose(exchange);
        if (child == null) {
            return;
        }
        child.handler.serve(exchange, forwarder);
    }

    @Override
    public Watch watchHealth(Consumer<Boolean> listener) {
        return balancer.watch(listener);
    }

    @Override
    public void close() {
        children.close();
    }
}
