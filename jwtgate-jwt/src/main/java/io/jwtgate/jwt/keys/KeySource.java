package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.KeySetStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where verification keys come from: exactly one per middleware (decision 1). Implementations answer
 * with an already-completed future whenever no network fetch is needed, never block the caller, and
 * never complete exceptionally.
 */
public interface KeySource extends AutoCloseable {

    CompletableFuture<KeyResolution> resolve(KeyRequest request);

    /** One entry per key set behind this source (remote sets and watched files); empty for fixed keys. */
    default List<KeySetStatus> status() {
        return List.of();
    }

    /** Stops background work. */
    @Override
    default void close() {}
}
