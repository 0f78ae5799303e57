package io.jwtgate.jwt;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one middleware: allowed requests, denials per reason, key-set fetches. */
public final class JwtStats {

    private final LongAdder allowed = new LongAdder();
    private final Map<DenyReason, LongAdder> denied = new EnumMap<>(DenyReason.class);
    private final LongAdder keySetFetches = new LongAdder();
    private final LongAdder keySetFetchFailures = new LongAdder();

    public JwtStats() {
        for (DenyReason reason : DenyReason.values()) {
            denied.put(reason, new LongAdder());
        }
    }

    void recordAllowed() {
        allowed.increment();
    }

    void recordDenied(DenyReason reason) {
        denied.get(reason).increment();
    }

    /** Called by key sources for each HTTP fetch attempt series and each failed one. */
    public void recordFetch(boolean success) {
        keySetFetches.increment();
        if (!success) {
            keySetFetchFailures.increment();
        }
    }

    public long allowed() {
        return allowed.sum();
    }

    public long denied(DenyReason reason) {
        return denied.get(reason).sum();
    }

    public long deniedTotal() {
        return denied.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Snapshot of all denial counters. */
    public Map<DenyReason, Long> deniedByReason() {
        Map<DenyReason, Long> out = new EnumMap<>(DenyReason.class);
        denied.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long keySetFetches() {
        return keySetFetches.sum();
    }

    public long keySetFetchFailures() {
        return keySetFetchFailures.sum();
    }
}
