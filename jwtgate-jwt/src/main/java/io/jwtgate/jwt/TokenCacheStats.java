package io.jwtgate.jwt;

/** Read-only counters of the verified-token cache, for metrics. */
public interface TokenCacheStats {

    long hits();

    long misses();

    /** Hits / (hits + misses), 0 before any lookup. */
    double hitRatio();

    /** Entries currently held. */
    long size();

    /** Sum of the entries' weights (estimated bytes). */
    long weightedSize();
}
