package io.jwtgate.jwt.crypto;

import io.jwtgate.jwt.config.AlgorithmFamily;
import io.jwtgate.jwt.config.CryptoProvider;
import io.jwtgate.jwt.config.CryptoSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Pure selection logic: given the requested providers and which provider can serve which family,
 * the provider used per family, with a note for every request that could not be honoured.
 * A provider that is requested but unusable falls back to the auto order (and says so): the
 * choice changes speed, never which tokens are accepted.
 */
public final class ProviderSelection {

    /**
     * Fastest first, as measured on x86_64 (docs/benchmarks.md): ACCP (AWS-LC) for the public-key families;
     * for HMAC the JDK's intrinsic SHA-2 beats a JNI call on token-sized inputs; BouncyCastle's ECDSA and
     * Ed25519 are 5-8x the JDK's; the JDK is always the last resort.
     */
    public static final Map<AlgorithmFamily, List<CryptoProvider>> AUTO_ORDER = Collections.unmodifiableMap(new EnumMap<>(Map.of(
            AlgorithmFamily.HMAC, List.of(CryptoProvider.JDK),
            AlgorithmFamily.RSA, List.of(CryptoProvider.ACCP, CryptoProvider.JDK),
            AlgorithmFamily.RSA_PSS, List.of(CryptoProvider.ACCP, CryptoProvider.JDK),
            AlgorithmFamily.ECDSA, List.of(CryptoProvider.ACCP, CryptoProvider.BOUNCYCASTLE, CryptoProvider.JDK),
            AlgorithmFamily.EDDSA, List.of(CryptoProvider.ACCP, CryptoProvider.BOUNCYCASTLE, CryptoProvider.JDK))));

    /** @param providers the provider per family; {@code notes}: requests that fell back, for the startup log */
    public record Result(Map<AlgorithmFamily, CryptoProvider> providers, List<String> notes) {
        public Result {
            providers = Collections.unmodifiableMap(new EnumMap<>(providers));
            notes = List.copyOf(notes);
        }

        public CryptoProvider provider(AlgorithmFamily family) {
            return providers.get(family);
        }
    }

    private ProviderSelection() {}

    /** @param usable whether a provider loaded and offers every algorithm of a family */
    public static Result select(CryptoSettings settings, BiPredicate<CryptoProvider, AlgorithmFamily> usable) {
        Map<AlgorithmFamily, CryptoProvider> chosen = new EnumMap<>(AlgorithmFamily.class);
        List<String> notes = new ArrayList<>();
        for (AlgorithmFamily family : AlgorithmFamily.values()) {
            CryptoProvider requested = settings.requested(family);
            if (requested != null && usable.test(requested, family)) {
                chosen.put(family, requested);
                continue;
            }
            CryptoProvider fallback = CryptoProvider.JDK;
            for (CryptoProvider candidate : AUTO_ORDER.get(family)) {
                if (usable.test(candidate, family)) {
                    fallback = candidate;
                    break;
                }
            }
            if (requested != null) {
                notes.add(requested.configName() + " is not usable for " + CryptoSettings.configKey(family) + ": using " + fallback.configName());
            }
            chosen.put(family, fallback);
        }
        return new Result(chosen, notes);
    }
}
