package io.jwtgate.gateway.proxy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table of service types. Adding one of Traefik's is one file (its
 * options record, its parser, its handler and its {@link RegisteredService}), one row here, and one
 * test file. Keys are matched ignoring case, as Traefik reads its configuration.
 */
public final class ServiceRegistry {

    public static final List<RegisteredService> BUILT_IN = List.of(
            LoadBalancerService.TYPE,
            WeightedService.TYPE,
            MirroringService.TYPE,
            FailoverService.TYPE);

    private ServiceRegistry() {}

    /** Every type a gateway builds, by lower-cased key: the built-ins and extras (tests, embedders), which may override. */
    public static Map<String, ServiceType> types(Map<String, ServiceType> extra) {
        Map<String, ServiceType> types = new HashMap<>();
        for (RegisteredService t : BUILT_IN) {
            types.put(t.key().toLowerCase(Locale.ROOT), t.builder());
        }
        extra.forEach((k, v) -> types.put(k.toLowerCase(Locale.ROOT), v));
        return Map.copyOf(types);
    }

    /** The keys as documented, for "use one of" hints. */
    public static List<String> keys() {
        return BUILT_IN.stream().map(RegisteredService::key).sorted().toList();
    }
}
