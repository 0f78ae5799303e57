package io.jwtgate.jwt.config;

import io.jwtgate.jwt.config.AlgorithmFamily;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which provider each algorithm family should use: {@code auto} (the fastest available, see
 * {@link ProviderSelection#AUTO_ORDER}) or a named provider, with optional per-family overrides.
 * A null entry means {@code auto}.
 *
 * @param defaultProvider the provider for every family without an override; null for auto
 * @param perFamily       overrides by family
 */
public record CryptoSettings(CryptoProvider defaultProvider, Map<AlgorithmFamily, CryptoProvider> perFamily) {

    /** Auto for every family. */
    public static final CryptoSettings AUTO = new CryptoSettings(null, Map.of());

    public CryptoSettings {
        EnumMap<AlgorithmFamily, CryptoProvider> copy = new EnumMap<>(AlgorithmFamily.class);
        if (perFamily != null) {
            copy.putAll(perFamily);
        }
        perFamily = Collections.unmodifiableMap(copy);
    }

    /** The requested provider for a family, null meaning auto. */
    public CryptoProvider requested(AlgorithmFamily family) {
        return perFamily.getOrDefault(family, defaultProvider);
    }

    /** Everything on one provider (benchmarks, per-provider tests). */
    public static CryptoSettings only(CryptoProvider provider) {
        return new CryptoSettings(provider, Map.of());
    }

    /**
     * Parses a configuration value: {@code auto} (null result) or a provider name.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static CryptoProvider parseChoice(String value) {
        if (value == null || value.isBlank() || value.trim().toLowerCase(Locale.ROOT).equals("auto")) {
            return null;
        }
        CryptoProvider p = CryptoProvider.fromConfig(value.trim());
        if (p == null) {
            throw new IllegalArgumentException("unknown crypto provider '" + value + "': use auto, accp, bouncycastle or jdk");
        }
        return p;
    }

    /** The configuration key of a family override ({@code hmac}, {@code rsa}, {@code rsaPss}, {@code ecdsa}, {@code eddsa}). */
    public static String configKey(AlgorithmFamily family) {
        return switch (family) {
            case HMAC -> "hmac";
            case RSA -> "rsa";
            case RSA_PSS -> "rsaPss";
            case ECDSA -> "ecdsa";
            case EDDSA -> "eddsa";
        };
    }
}
