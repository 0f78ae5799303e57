package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.FetchFailure;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Outcome of one key-set fetch (all attempts included). Never an exception. */
public sealed interface FetchResult {

    /**
     * @param source       the URL the keys came from
     * @param announcedTtl lifetime from the cache headers, null when none
     * @param dropped      one log-safe line per key that was refused
     */
    record Fetched(URI source, KeySet keys, Duration announcedTtl, List<String> dropped) implements FetchResult {
        public Fetched {
            dropped = List.copyOf(dropped);
        }
    }

    /** @param message log-safe description, e.g. "HTTP 503 (after 4 attempts)" */
    record Failed(URI source, FetchFailure cause, String message) implements FetchResult {}
}
