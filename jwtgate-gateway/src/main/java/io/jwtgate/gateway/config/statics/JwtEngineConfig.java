package io.jwtgate.gateway.config.statics;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.AlgorithmFamily;
import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.config.CryptoProvider;
import io.jwtgate.jwt.config.CryptoSettings;
import io.jwtgate.jwt.config.TokenCacheSettings;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code jwt}: process-wide settings of the JWT middlewares (docs/benchmarks.md, docs/operations.md):
 * <pre>
 * jwt:
 *   cryptoProviders:
 *     default: auto      # auto | accp | bouncycastle | jdk
 *     ecdsa: auto        # per-family overrides: hmac, rsa, rsaPss, ecdsa, eddsa
 *   tokenCache:
 *     enabled: true
 *     maxEntries: 100000
 *     maxBytes: 67108864
 *     maxTtl: 5m
 * </pre>
 */
public record JwtEngineConfig(CryptoSettings crypto, TokenCacheSettings tokenCache) {

    public static final JwtEngineConfig DEFAULTS = new JwtEngineConfig(CryptoSettings.AUTO, TokenCacheSettings.DEFAULTS);

    public static JwtEngineConfig parse(ConfigNode root, Consumer<String> warn) throws ConfigException {
        if (!root.has("jwt")) {
            return DEFAULTS;
        }
        ConfigNode jwt = root.get("jwt");
        jwt.warnUnknownKeys(Set.of("cryptoProviders", "tokenCache"), warn);
        return new JwtEngineConfig(crypto(jwt.get("cryptoProviders"), warn), tokenCache(jwt.get("tokenCache"), warn));
    }

    private static CryptoSettings crypto(ConfigNode n, Consumer<String> warn) throws ConfigException {
        Set<String> known = new HashSet<>(Set.of("default"));
        for (AlgorithmFamily f : AlgorithmFamily.values()) {
            known.add(CryptoSettings.configKey(f));
        }
        n.warnUnknownKeys(known, warn);
        Map<AlgorithmFamily, CryptoProvider> perFamily = new EnumMap<>(AlgorithmFamily.class);
        for (AlgorithmFamily f : AlgorithmFamily.values()) {
            CryptoProvider p = choice(n.get(CryptoSettings.configKey(f)));
            if (p != null) {
                perFamily.put(f, p);
            }
        }
        return new CryptoSettings(choice(n.get("default")), perFamily);
    }

    private static CryptoProvider choice(ConfigNode n) throws ConfigException {
        try {
            return CryptoSettings.parseChoice(n.string(null));
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage(), "write auto (the fastest provider that loads), accp, bouncycastle or jdk");
        }
    }

    private static TokenCacheSettings tokenCache(ConfigNode n, Consumer<String> warn) throws ConfigException {
        n.warnUnknownKeys(Set.of("enabled", "maxEntries", "maxBytes", "maxTtl"), warn);
        TokenCacheSettings d = TokenCacheSettings.DEFAULTS;
        if (!n.get("enabled").bool(true)) {
            return TokenCacheSettings.OFF;
        }
        long entries = n.get("maxEntries").integer(d.maxEntries());
        if (entries < 1 || entries > 10_000_000) {
            throw n.get("maxEntries").error("maxEntries " + entries + " is outside 1..10000000", "use e.g. 100000");
        }
        long bytes = n.get("maxBytes").integer(d.maxBytes());
        if (bytes < 1024) {
            throw n.get("maxBytes").error("maxBytes " + bytes + " is below 1024", "give the heap budget in bytes, e.g. 67108864 (64 MiB)");
        }
        Duration ttl = n.get("maxTtl").duration(d.maxTtl());
        if (ttl.isZero() || ttl.isNegative()) {
            throw n.get("maxTtl").error("maxTtl must be positive", "use e.g. 5m");
        }
        return new TokenCacheSettings(true, (int) entries, bytes, ttl);
    }
}
