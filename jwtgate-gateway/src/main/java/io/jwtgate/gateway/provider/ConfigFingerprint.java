package io.jwtgate.gateway.provider;

import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A value equal for two snapshots that would build the same runtime, so that a file touched
 * without a change (or a resync that brings nothing new) does not rebuild anything.
 */
public final class ConfigFingerprint {

    private ConfigFingerprint() {}

    public static String of(DynamicConfig config) {
        StringBuilder b = new StringBuilder();
        b.append(new TreeMap<>(config.routers())).append('\n');
        b.append(new TreeMap<>(config.services())).append('\n');
        b.append(new TreeMap<>(config.tcp().routers())).append(new TreeMap<>(config.tcp().services())).append('\n');
        Map<String, MiddlewareConfig> middlewares = new TreeMap<>(config.middlewares());
        middlewares.forEach((name, m) -> b.append(name).append('|').append(m.type()).append('|').append(m.options().toPlain())
                .append('|').append(m.revision()).append('|').append(m.error() == null ? "" : m.error().getMessage()).append('\n'));
        b.append(config.certificates()).append('|').append(config.defaultCertificate()).append('\n');
        new TreeMap<>(config.tlsOptions()).forEach((name, o) -> b.append(name).append('|').append(o.settings()).append('\n'));
        b.append(new TreeMap<>(config.serversTransports())).append('\n');
        config.errors().stream().map(ConfigException::getMessage).forEach(m -> b.append(m).append('\n'));
        return b.toString();
    }
}
