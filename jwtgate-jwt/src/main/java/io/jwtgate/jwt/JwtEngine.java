package io.jwtgate.jwt;

import io.jwtgate.jwt.cache.VerifiedTokenCache;
import io.jwtgate.jwt.config.CryptoProvider;
import io.jwtgate.jwt.config.CryptoSettings;
import io.jwtgate.jwt.config.TokenCacheSettings;
import io.jwtgate.jwt.crypto.CryptoEngines;
import io.jwtgate.jwt.crypto.ProviderRegistry;
import io.jwtgate.jwt.verify.SignatureVerifier;
import java.security.Provider;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every JWT middleware of one process shares: the crypto providers chosen per algorithm family
 * and the verified-token cache. Create one per process (or per gateway) and hand it to each
 * middleware through {@link JwtEnvironment#withEngine}.
 */
public final class JwtEngine {

    private final SignatureVerifier verifier;
    private final VerifiedTokenCache tokenCache;
    private final List<String> description;

    private JwtEngine(SignatureVerifier verifier, VerifiedTokenCache tokenCache, List<String> description) {
        this.verifier = verifier;
        this.tokenCache = tokenCache;
        this.description = List.copyOf(description);
    }

    /** Selects the providers (falling back per family when a requested one is missing) and creates the cache. */
    public static JwtEngine create(CryptoSettings crypto, TokenCacheSettings cache, Clock clock) {
        CryptoEngines engines = CryptoEngines.create(crypto);
        List<String> lines = new ArrayList<>(engines.describe());
        lines.add("verified-token cache: " + (cache.enabled()
                ? "maxEntries=" + cache.maxEntries() + " maxBytes=" + cache.maxBytes() + " maxTtl=" + cache.maxTtl() : "off"));
        return new JwtEngine(new SignatureVerifier(engines), cache.enabled() ? new VerifiedTokenCache(cache, clock) : null, lines);
    }

    /**
     * Starts loading the crypto providers (ACCP's native library and self-check) on a background thread, so that a
     * process that is about to {@link #create} an engine does it while it reads its configuration. Optional.
     */
    public static void preload() {
        Thread.ofPlatform().daemon().name("jwtgate-crypto-preload").start(io.jwtgate.jwt.crypto.ProviderRegistry::get);
    }

    /**
     * ACCP's provider (native code), waiting for {@link #preload} to finish; null where it did not load. For the
     * gateway's own crypto at start (its default certificate), which the JDK would run interpreted.
     */
    public static Provider nativeProvider() {
        return ProviderRegistry.get().provider(CryptoProvider.ACCP);
    }

    /** The automatic provider choice and no token cache (what a bare {@link JwtEnvironment} uses). */
    public static JwtEngine defaults() {
        return Defaults.INSTANCE;
    }

    private static final class Defaults {
        static final JwtEngine INSTANCE = new JwtEngine(SignatureVerifier.defaults(), null, List.of());
    }

    /** One line per algorithm family (provider chosen and why) and one for the cache, for the startup log. */
    public List<String> describe() {
        return description;
    }

    /** The cache's counters, empty when the cache is off. */
    public Optional<TokenCacheStats> tokenCacheStats() {
        return Optional.ofNullable(tokenCache);
    }

    SignatureVerifier verifier() {
        return verifier;
    }

    VerifiedTokenCache tokenCache() {
        return tokenCache;
    }
}
