package io.jwtgate.jwt.crypto;

import io.jwtgate.jwt.config.AlgorithmFamily;
import io.jwtgate.jwt.config.CryptoProvider;
import io.jwtgate.jwt.config.CryptoSettings;
import io.jwtgate.jwt.token.JwsAlgorithm;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;

/**
 * The providers chosen for each algorithm and the per-thread engines built from them. JCA engines
 * are not thread-safe; an event loop is one thread, so each thread keeps one engine per algorithm.
 */
public final class CryptoEngines {

    private static final JwsAlgorithm[] ALGS = JwsAlgorithm.values();

    private final ProviderSelection.Result selection;
    private final Provider[] providers = new Provider[ALGS.length];
    private final String[] names = new String[ALGS.length];
    private final ThreadLocal<EngineSlot[]> slots = ThreadLocal.withInitial(() -> new EngineSlot[ALGS.length]);

    private CryptoEngines(ProviderSelection.Result selection, ProviderRegistry registry) {
        this.selection = selection;
        for (JwsAlgorithm alg : ALGS) {
            CryptoProvider p = selection.provider(alg.family());
            providers[alg.ordinal()] = registry.provider(p);
            names[alg.ordinal()] = JcaNames.name(alg, p);
        }
    }

    /** Selects the providers for these settings among those that load on this machine. */
    public static CryptoEngines create(CryptoSettings settings) {
        ProviderRegistry registry = ProviderRegistry.get();
        return new CryptoEngines(ProviderSelection.select(settings, registry::usable), registry);
    }

    public ProviderSelection.Result selection() {
        return selection;
    }

    /** This thread's engine for an algorithm, created on first use. */
    public EngineSlot slot(JwsAlgorithm alg) throws GeneralSecurityException {
        EngineSlot[] mine = slots.get();
        EngineSlot slot = mine[alg.ordinal()];
        if (slot == null) {
            slot = new EngineSlot(newEngine(alg), alg.family() == AlgorithmFamily.HMAC ? alg.hashLength() : 0);
            mine[alg.ordinal()] = slot;
        }
        return slot;
    }

    private Object newEngine(JwsAlgorithm alg) throws GeneralSecurityException {
        Provider provider = providers[alg.ordinal()];
        String name = names[alg.ordinal()];
        if (alg.family() == AlgorithmFamily.HMAC) {
            if (selection.provider(alg.family()) == CryptoProvider.JDK) {
                try {
                    return new PrecomputedHmac(alg.hashName());
                } catch (GeneralSecurityException noSunDigests) {
                    // A JDK without the SUN provider's SHA-2 (some FIPS set-ups): the JDK's Mac does the same job.
                }
            }
            return provider == null ? Mac.getInstance(name) : Mac.getInstance(name, provider);
        }
        return provider == null ? Signature.getInstance(name) : Signature.getInstance(name, provider);
    }

    /** One line per family for the startup log, e.g. {@code ecdsa=accp}, plus the fallback notes. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder("crypto providers:");
        selection.providers().forEach((family, p) -> line.append(' ').append(CryptoSettings.configKey(family)).append('=').append(p.configName()));
        lines.add(line.toString());
        ProviderRegistry registry = ProviderRegistry.get();
        for (CryptoProvider p : CryptoProvider.values()) {
            if (registry.loadError(p) != null) {
                lines.add("crypto provider " + p.configName() + " unavailable: " + registry.loadError(p));
            }
        }
        lines.addAll(selection.notes());
        return lines;
    }
}
