package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Traefik's {@code weighted} service: shares requests between other services by weight. */
public final class WeightedService implements ServiceHandler {

    public static final RegisteredService TYPE = new RegisteredService("weighted", "configuration.md#httpservices", (config, ctx) -> {
        ConfigNode services = config.options().get("services");
        List<ServiceHandler> children = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (Ref ref : Options.parse(config.options(), ctx.warnings()).services()) {
            children.add(ctx.service(ref.service(), services));
            weights.add(ref.weight());
        }
        return new WeightedService(config.name(), children, weights);
    });

    /** @param services {@code services[].name} and {@code weight} (default 1) */
    public record Options(List<Ref> services) {
        public Options {
            services = List.copyOf(services);
        }

        public static Options parse(ConfigNode w, Consumer<String> warnings) throws ConfigException {
            w.warnUnknownKeys(Set.of("services", "sticky", "healthCheck"), warnings);
            w.warnIgnoredKeys(Set.of("sticky", "healthCheck"), warnings);
            List<Ref> refs = new ArrayList<>();
            for (ConfigNode r : w.get("services").elements()) {
                refs.add(new Ref(r.get("name").requiredString(), (int) r.get("weight").integer(1)));
            }
            if (refs.isEmpty()) {
                throw w.get("services").error("is empty", "list at least one service with name and weight");
            }
            return new Options(refs);
        }
    }

    /** One {@code services[]} entry: a service name (qualified with the parent's provider when it names none) and its weight. */
    public record Ref(String service, int weight) {}

    private final String name;
    private final List<ServiceHandler> rotation;
    private final AtomicInteger next = new AtomicInteger();

    public WeightedService(String name, List<ServiceHandler> children, List<Integer> weights) {
        this.name = name;
        List<ServiceHandler> r = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            for (int w = 0; w < Math.max(0, weights.get(i)); w++) {
                r.add(children.get(i));
            }
        }
        this.rotation = List.copyOf(r);
    }

    @Override
    public void serve(Exchange exchange, Forwarder forwarder) {
        if (rotation.isEmpty()) {
            new UnavailableService("all weights are zero").serve(exchange, forwarder);
            return;
        }
        exchange.facts().serviceName(name);
        rotation.get(Math.floorMod(next.getAndIncrement(), rotation.size())).serve(exchange, forwarder);
    }
}
