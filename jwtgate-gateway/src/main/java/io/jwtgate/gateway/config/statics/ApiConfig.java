package io.jwtgate.gateway.config.statics;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code api}: the read-only admin API ({@code /api/...}) and its HTML overview ({@code /dashboard/}),
 * served on the {@code traefik} entry point. When that entry point is not defined it is created on
 * 127.0.0.1:8080: loopback only, unlike Traefik's {@code insecure} mode.
 */
public record ApiConfig(boolean dashboard) {

    /** Null when {@code api} is absent. */
    public static ApiConfig parse(ConfigNode root, Consumer<String> warn) throws ConfigException {
        if (!root.has("api")) {
            return null;
        }
        ConfigNode api = root.get("api");
        api.warnUnknownKeys(Set.of("dashboard", "insecure", "debug", "basePath"), warn);
        return new ApiConfig(api.get("dashboard").bool(true));
    }
}
