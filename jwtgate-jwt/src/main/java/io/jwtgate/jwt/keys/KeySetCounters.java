package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.FetchFailure;
import io.jwtgate.jwt.KeySetStatus;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters of one key set, read by {@link KeySetStatus} snapshots. */
final class KeySetCounters {

    private final LongAdder successes = new LongAdder();
    private final Map<FetchFailure, LongAdder> failures = new EnumMap<>(FetchFailure.class);
    private final LongAdder forced = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private volatile KeySetStatus.LastError lastError;

    KeySetCounters() {
        for (FetchFailure f : FetchFailure.values()) {
            failures.put(f, new LongAdder());
        }
    }

    void success() {
        successes.increment();
    }

    void failure(FetchFailure cause, String message, Instant at) {
        failures.get(cause).increment();
        lastError = new KeySetStatus.LastError(cause, message, at);
    }

    void forced() {
        forced.increment();
    }

    void skipped() {
        skipped.increment();
    }

    long successes() {
        return successes.sum();
    }

    Map<FetchFailure, Long> failures() {
        Map<FetchFailure, Long> out = new EnumMap<>(FetchFailure.class);
        failures.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    long forcedCount() {
        return forced.sum();
    }

    long skippedCount() {
        return skipped.sum();
    }

    KeySetStatus.LastError lastError() {
        return lastError;
    }
}
