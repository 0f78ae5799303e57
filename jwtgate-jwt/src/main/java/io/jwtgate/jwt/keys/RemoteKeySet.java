package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.FetchFailure;
import io.jwtgate.jwt.JwtStats;
import io.jwtgate.jwt.KeySetStatus;
import io.jwtgate.jwt.config.KeySetPolicy;
import io.jwtgate.jwt.token.TokenRejected;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One remote JWK Set (decision 11). Requests read an immutable snapshot; fetches are asynchronous and
 * single-flight (concurrent requests share one in-flight fetch). States, by the snapshot's age:
 * <pre>
 *  fresh (age &lt; lifetime)      serve; from 80 % of the lifetime a background refresh runs (timer, or the next request)
 *  expired, no failure yet      requests wait for the (shared) refresh: removed keys stop working at expiry
 *  expired, refreshes failing   serve the stale keys without waiting, up to staleLimit after expiry; retry every failureCooldown
 *  beyond staleLimit / none     fail closed (401 KEYS_UNAVAILABLE) at once; only the very first fetch is waited for
 * </pre>
 * An unknown {@code kid} starts one forced refetch, shared by every request that arrives while it runs,
 * at most once per {@code unknownKidCooldown}; inside the cooldown such tokens are refused without a fetch.
 */
public final class RemoteKeySet implements KeySource {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteKeySet.class);

    /** Keys with the time they were fetched and until when they are fresh. */
    private record Snapshot(KeySet keys, long fetchedAt, long refreshAt, long expiresAt, URI source, List<String> dropped) {}

    private final String location;
    private final KeySetStatus.Kind kind;
    private final String issuer;
    private final KeySetLoader loader;
    private final KeySetPolicy policy;
    private final Clock clock;
    private final JwtStats stats;
    private final String name;
    private final KeySetCounters counters = new KeySetCounters();

    private volatile Snapshot snapshot;
    private volatile int consecutiveFailures;
    // Guarded by this.
    private CompletableFuture<Void> inflight;
    private CompletableFuture<Void> forced;
    private long lastFailureAt = Long.MIN_VALUE / 2;
    private long lastForcedAt = Long.MIN_VALUE / 2;
    private ScheduledFuture<?> timer;
    private boolean closed;

    /**
     * @param location for logs and status until the first fetch (the JWKS URL, or the issuer for discovery)
     * @param issuer   the issuer this set is bound to, or null
     */
    public RemoteKeySet(String location, KeySetStatus.Kind kind, String issuer, KeySetLoader loader, KeySetPolicy policy, Clock clock,
                        JwtStats stats, String name) {
        this.location = location;
        this.kind = kind;
        this.issuer = issuer;
        this.loader = loader;
        this.policy = policy;
        this.clock = clock;
        this.stats = stats;
        this.name = name;
    }

    /** A plain {@code jwksUrl}. */
    public RemoteKeySet(URI uri, JwksFetcher fetcher, KeySetPolicy policy, Clock clock, JwtStats stats, String name) {
        this(uri.toString(), KeySetStatus.Kind.JWKS_URL, null, fetcher.loader(uri), policy, clock, stats, name);
    }

    /** Starts the first fetch in the background (configuration time). */
    public void prefetch() {
        synchronized (this) {
            if (inflight == null && !closed) {
                startFetchLocked();
            }
        }
    }

    @Override
    public CompletableFuture<KeyResolution> resolve(KeyRequest request) {
        long now = clock.millis();
        Snapshot s = snapshot;
        if (s != null && now < s.expiresAt) {
            if (now >= s.refreshAt) {
                refreshInBackground(now);
            }
            return selectOrRefetch(s, request, now);
        }
        CompletableFuture<Void> wait = null;
        synchronized (this) {
            if (!closed && consecutiveFailures == 0) {
                wait = inflight != null ? inflight : startFetchLocked();
            } else if (!closed && inflight == null && now - lastFailureAt >= policy.failureCooldown().toMillis()) {
                startFetchLocked(); // outage: try again in the background, nobody waits for it
            }
        }
        if (wait != null) {
            return wait.thenApply(ignored -> selectUsable(request, clock.millis()));
        }
        if (s != null && usable(s, now)) {
            return selectOrRefetch(s, request, now);
        }
        return KeyResolution.done(unavailable(s));
    }

    /** Fresh, or expired while refreshes fail and still within the stale limit. */
    private boolean usable(Snapshot s, long now) {
        return now < s.expiresAt || (consecutiveFailures > 0 && now < s.expiresAt + policy.staleLimit().toMillis());
    }

    private KeyResolution unavailable(Snapshot s) {
        return new KeyResolution.Failed(DenyReason.KEYS_UNAVAILABLE, s == null
                ? "key set " + location + " could not be fetched yet"
                : "key set " + location + " expired and could not be refreshed within the stale limit");
    }

    /** After a fetch: selects from the current snapshot if usable, without starting another fetch. */
    private KeyResolution selectUsable(KeyRequest request, long now) {
        Snapshot s = snapshot;
        if (s == null || !usable(s, now)) {
            return unavailable(s);
        }
        return select(s, request);
    }

    private static KeyResolution select(Snapshot s, KeyRequest request) {
        try {
            return new KeyResolution.Found(s.keys.select(request.alg(), request.kid()));
        } catch (TokenRejected e) {
            return KeyResolution.of(e);
        }
    }

    private CompletableFuture<KeyResolution> selectOrRefetch(Snapshot s, KeyRequest request, long now) {
        KeyResolution first = select(s, request);
        if (first instanceof KeyResolution.Found || request.kid() == null || s.keys.hasKid(request.kid())) {
            return KeyResolution.done(first);
        }
        // Unknown kid: maybe the keys rotated. One shared refetch per cooldown (attacks #21).
        CompletableFuture<Void> fetch;
        synchronized (this) {
            if (closed) {
                return KeyResolution.done(first);
            }
            if (forced != null) {
                fetch = forced;
            } else if (now - lastForcedAt >= policy.unknownKidCooldown().toMillis()) {
                lastForcedAt = now;
                counters.forced();
                forced = inflight != null ? inflight : startFetchLocked();
                fetch = forced;
                if (forced.isDone()) {
                    // The fetch ended before its completion handler was registered, so the handler ran inside
                    // startFetchLocked, before this assignment, and could not clear it: a finished fetch must not
                    // stay shared (every later unknown kid would join it, neither forcing nor skipping).
                    forced = null;
                }
            } else {
                counters.skipped();
                return KeyResolution.done(first);
            }
        }
        return fetch.thenApply(ignored -> selectUsable(request, clock.millis()));
    }

    private void refreshInBackground(long now) {
        synchronized (this) {
            if (inflight == null && !closed && now - lastFailureAt >= policy.failureCooldown().toMillis()) {
                startFetchLocked();
            }
        }
    }

    /** Caller holds the lock. The returned future never fails. */
    private CompletableFuture<Void> startFetchLocked() {
        CompletableFuture<Void> promise = new CompletableFuture<>();
        inflight = promise;
        CompletableFuture<FetchResult> fetch;
        try {
            fetch = loader.load(clock.millis());
        } catch (RuntimeException e) {
            fetch = CompletableFuture.completedFuture(new FetchResult.Failed(null, FetchFailure.INTERNAL, e.toString()));
        }
        fetch.whenComplete((result, error) -> {
            boolean stored = false;
            try {
                FetchResult r = error != null ? new FetchResult.Failed(null, FetchFailure.INTERNAL, error.toString()) : result;
                switch (r) {
                    case FetchResult.Fetched fetched -> {
                        accept(fetched);
                        stored = true;
                    }
                    case FetchResult.Failed failed -> fail(failed);
                }
            } catch (RuntimeException e) {
                LOG.error("[{}] key set {}: unexpected error while storing keys", name, location, e);
            } finally {
                synchronized (this) {
                    if (inflight == promise) {
                        inflight = null;
                    }
                    if (forced == promise) {
                        forced = null;
                    }
                }
                if (stored) {
                    // Counted once the fetch is over (no longer shared): whoever reads the count sees a settled key set.
                    counters.success();
                }
                promise.complete(null);
            }
        });
        return promise;
    }

    private void accept(FetchResult.Fetched fetched) {
        long now = clock.millis();
        Duration ttl = policy.clampTtl(fetched.announcedTtl());
        long refreshDelay = (long) (ttl.toMillis() * policy.refreshAheadFraction());
        Snapshot previous = snapshot;
        snapshot = new Snapshot(fetched.keys(), now, now + refreshDelay, now + ttl.toMillis(), fetched.source(), fetched.dropped());
        synchronized (this) {
            consecutiveFailures = 0;
        }
        stats.recordFetch(true);
        fetched.dropped().forEach(d -> LOG.warn("[{}] key set {}: dropped {}", name, fetched.source(), d));
        JwksFileSource.logChange(name, "key set " + fetched.source(), previous == null ? null : previous.keys, fetched.keys());
        scheduleRefresh(refreshDelay);
    }

    private void fail(FetchResult.Failed failed) {
        long now = clock.millis();
        synchronized (this) {
            consecutiveFailures++;
            lastFailureAt = now;
        }
        counters.failure(failed.cause(), failed.message(), Instant.ofEpochMilli(now));
        stats.recordFetch(false);
        Snapshot s = snapshot;
        String where = failed.source() != null ? failed.source().toString() : location;
        LOG.warn("[{}] key set {}: fetch failed, {} ({}); {}", name, where, failed.cause(), failed.message(),
                s == null ? "no keys yet: requests get 401 until a fetch succeeds"
                        : "keeping the keys fetched " + Duration.ofMillis(now - s.fetchedAt).toSeconds() + " s ago, for at most "
                        + policy.staleLimit().toSeconds() + " s after they expire");
        scheduleRefresh(policy.failureCooldown().toMillis());
    }

    private void scheduleRefresh(long delayMillis) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (timer != null) {
                timer.cancel(false);
            }
            timer = Scheduler.INSTANCE.schedule(this::timerFired, Math.max(1, delayMillis), TimeUnit.MILLISECONDS);
        }
    }

    /** The timer is the schedule itself: no second cooldown check (clocks and timers may disagree by a millisecond). */
    private void timerFired() {
        synchronized (this) {
            if (inflight == null && !closed) {
                startFetchLocked();
            }
        }
    }

    @Override
    public List<KeySetStatus> status() {
        Snapshot s = snapshot;
        long now = clock.millis();
        boolean stale = s != null && now >= s.expiresAt && usable(s, now);
        return List.of(new KeySetStatus(kind, s != null ? s.source.toString() : location, issuer,
                s == null ? Set.of() : s.keys.kids(), s == null ? 0 : s.keys.size(),
                s == null ? null : Instant.ofEpochMilli(s.fetchedAt), s == null ? null : Instant.ofEpochMilli(s.expiresAt),
                counters.lastError(), counters.successes(), counters.failures(), counters.forcedCount(), counters.skippedCount(),
                stale, s == null ? List.of() : s.dropped));
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }
}
