package io.jwtgate.gateway.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.YamlDocuments;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.DynamicConfigParser;
import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import io.jwtgate.jwt.JwtConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fuzz target for the configuration loader: YAML text through {@link YamlDocuments#parse}, the
 * static loader, the dynamic parser and the JWT option reader ({@link JwtConfig#fromMap}). Every
 * malformed document must end in {@link ConfigException} (a precise
 * error for the operator), never in another exception. Nothing is started and no file is read.
 */
class ConfigLoaderFuzzTest {

    private static final Path BASE = Path.of("target", "fuzz-config-base").toAbsolutePath();

    @FuzzTest(maxDuration = "30s")
    void loadFuzzedConfiguration(FuzzedDataProvider data) {
        String yaml = data.consumeRemainingAsString();
        ConfigNode root;
        try {
            root = YamlDocuments.parse(yaml, "fuzz.yml");
        } catch (ConfigException e) {
            return;
        }
        try {
            new StaticConfigLoader(w -> { }).parse(root, BASE);
        } catch (ConfigException expected) {
            // refused with a key path
        }
        DynamicConfig dynamic;
        try {
            dynamic = new DynamicConfigParser("file", w -> { }).add(root).build();
        } catch (ConfigException e) {
            return;
        }
        for (MiddlewareConfig middleware : dynamic.middlewares().values()) {
            if (!"plugin.jwt".equals(middleware.type()) || middleware.error() != null) {
                continue;
            }
            Object options = middleware.options().toPlain();
            if (options instanceof Map<?, ?> m) {
                Map<String, Object> map = new LinkedHashMap<>();
                m.forEach((k, v) -> map.put(String.valueOf(k), v));
                try {
                    JwtConfig.fromMap(map);
                } catch (ConfigException expected) {
                    // refused with an option path
                }
            }
        }
    }
}
