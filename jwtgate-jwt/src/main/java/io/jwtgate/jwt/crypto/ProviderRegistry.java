package io.jwtgate.jwt.crypto;

import io.jwtgate.jwt.config.AlgorithmFamily;
import io.jwtgate.jwt.config.CryptoProvider;
import io.jwtgate.jwt.token.JwsAlgorithm;
import java.security.Provider;
import java.security.Security;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Loads the candidate providers once per process, without installing any of them globally.
 * ACCP is loaded reflectively: its jar is platform-specific and may be absent, or present with a
 * native library that does not load (another OS or architecture, an old glibc); either way it is
 * simply unavailable. For the JDK, {@link #provider} is null: engines come from the default
 * provider list ({@code getInstance(name)}), exactly as before providers were selectable.
 */
public final class ProviderRegistry {

    private static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

    private static final class Holder {
        static final ProviderRegistry INSTANCE = new ProviderRegistry();
    }

    // Guarded by this (BouncyCastle is added later).
    private final Map<CryptoProvider, Provider> loaded = new EnumMap<>(CryptoProvider.class);
    private final Map<CryptoProvider, String> loadErrors = new EnumMap<>(CryptoProvider.class);

    /** Whether BouncyCastle was asked for: its provider registers hundreds of classes (from a signed jar, which no class cache holds). */
    private boolean bouncyCastleTried;

    private ProviderRegistry() {
        load(CryptoProvider.ACCP, ProviderRegistry::loadAccp);
    }

    /** BouncyCastle is loaded on first use: with ACCP present it is rarely selected, and loading it costs a large part of the start. */
    private synchronized void loadLazily(CryptoProvider which) {
        if (which == CryptoProvider.BOUNCYCASTLE && !bouncyCastleTried) {
            bouncyCastleTried = true;
            load(CryptoProvider.BOUNCYCASTLE, BouncyCastle::load);
        }
    }

    public static ProviderRegistry get() {
        return Holder.INSTANCE;
    }

    private interface Loader {
        Provider load() throws Exception;
    }

    private void load(CryptoProvider which, Loader loader) {
        try {
            loaded.put(which, loader.load());
        } catch (Throwable e) { // LinkageError from a native library that does not fit this machine
            loadErrors.put(which, e.getClass().getSimpleName() + ": " + e.getMessage());
            // The logger only here: the providers load on a thread of their own at start (JwtEngine.preload), and a logger
            // created there would initialize SLF4J while main configures it (SLF4J's "intercepted and replayed" warning).
            LoggerFactory.getLogger(ProviderRegistry.class).debug("crypto provider {} unavailable", which.configName(), e);
        }
    }

    private static Provider loadAccp() throws Exception {
        Class<?> type = Class.forName(ACCP_CLASS);
        Provider accp = (Provider) type.getField("INSTANCE").get(null);
        Throwable error = (Throwable) type.getMethod("getLoadingError").invoke(accp);
        if (error != null) {
            throw new IllegalStateException("native library did not load: " + error.getMessage(), error);
        }
        type.getMethod("assertHealthy").invoke(accp);
        return accp;
    }

    /** A class of its own, so that verifying this one does not load BouncyCastle's provider class. */
    private static final class BouncyCastle {
        static Provider load() {
            // An installed BouncyCastle instance is reused (its key conversions are cached); else a private one.
            Provider installed = Security.getProvider("BC");
            return installed != null ? installed : new org.bouncycastle.jce.provider.BouncyCastleProvider();
        }
    }

    /** The provider object, or null for the JDK (default provider list) and for providers that did not load. */
    public synchronized Provider provider(CryptoProvider which) {
        loadLazily(which);
        return loaded.get(which);
    }

    /** Why a provider is unavailable, or null when it loaded or was never needed (the JDK always loads). */
    public synchronized String loadError(CryptoProvider which) {
        return loadErrors.get(which);
    }

    /** True when the provider loaded and offers every algorithm of the family. */
    public boolean usable(CryptoProvider which, AlgorithmFamily family) {
        if (which == CryptoProvider.JDK) {
            return true;
        }
        Provider p = provider(which);
        if (p == null) {
            return false;
        }
        for (JwsAlgorithm alg : JwsAlgorithm.values()) {
            if (alg.family() == family && p.getService(JcaNames.type(alg), JcaNames.name(alg, which)) == null) {
                return false;
            }
        }
        return true;
    }
}
