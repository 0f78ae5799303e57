package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.JwtStats;
import io.jwtgate.jwt.token.TokenRejected;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One remote JWK Set (decision 11). Requests read an immutable snapshot; fetches are asynchronous
 * and single-flight (concurrent requests share one in-flight fetch).
 * <ul>
 *   <li>lifetime from cache headers, clamped; refreshed in the background at 80 % of it;</li>
 *   <li>an unknown {@code kid} triggers one refetch, at most once per {@code unknownKidCooldown};</li>
 *   <li>a failed fetch keeps the last good keys for up to {@code staleLimit}, then requests fail closed;</li>
 *   <li>after a failure, no new fetch starts before {@code failureCooldown} (no fetch per request).</li>
 * </ul>
 */
public final class RemoteKeySet implements KeySource {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteKeySet.class);

    /** Keys with the time they were fetched and until when they are fresh. */
    private record Snapshot(KeySet keys, long fetchedAt, long refreshAt, long expiresAt) {}

    private final URI uri;
    private final JwksFetcher fetcher;
    private final KeySetPolicy policy;
    private final Clock clock;
    private final JwtStats stats;
    private final String name;

    private volatile Snapshot snapshot;
    private CompletableFuture<Void> inflight;
    private long lastFailureAt = Long.MIN_VALUE / 2;
    private long lastForcedAt = Long.MIN_VALUE / 2;
    private ScheduledFuture<?> timer;
    private boolean closed;

    public RemoteKeySet(URI uri, JwksFetcher fetcher, KeySetPolicy policy, Clock clock, JwtStats stats, String name) {
        this.uri = uri;
        this.fetcher = fetcher;
        this.policy = policy;
        this.clock = clock;
        this.stats = stats;
        this.name = name;
    }

    public URI uri() {
        return uri;
    }

    /** Starts the first fetch in the background (configuration time). */
    public void prefetch() {
        startFetch();
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
        // Expired or never loaded: wait for a fetch unless one failed moments ago.
        CompletableFuture<Void> fetch = fetchUnlessCoolingDown(now);
        if (fetch == null) {
            return KeyResolution.done(selectUsable(request, now));
        }
        return fetch.thenApply(ignored -> selectUsable(request, clock.millis()));
    }

    /** Selects from the current snapshot if it is fresh or still within the stale limit. */
    private KeyResolution selectUsable(KeyRequest request, long now) {
        Snapshot s = snapshot;
        if (s == null) {
            return new KeyResolution.Failed(DenyReason.KEYS_UNAVAILABLE, "key set " + uri + " could not be fetched yet");
        }
        if (now >= s.fetchedAt + policy.staleLimit().toMillis()) {
            return new KeyResolution.Failed(DenyReason.KEYS_UNAVAILABLE, "key set " + uri + " is older than the stale limit");
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
            if (inflight != null) {
                fetch = inflight;
            } else if (now - lastForcedAt >= policy.unknownKidCooldown().toMillis() && !closed) {
                lastForcedAt = now;
                fetch = startFetchLocked();
            } else {
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

    private CompletableFuture<Void> fetchUnlessCoolingDown(long now) {
        synchronized (this) {
            if (inflight != null) {
                return inflight;
            }
            if (closed || now - lastFailureAt < policy.failureCooldown().toMillis()) {
                return null;
            }
            return startFetchLocked();
        }
    }

    private CompletableFuture<Void> startFetch() {
        synchronized (this) {
            return inflight != null ? inflight : startFetchLocked();
        }
    }

    /** Caller holds the lock. The returned future never fails. */
    private CompletableFuture<Void> startFetchLocked() {
        CompletableFuture<Void> promise = new CompletableFuture<>();
        inflight = promise;
        long startedAt = clock.millis();
        CompletableFuture<JwksFetcher.Fetched> fetch;
        try {
            fetch = fetcher.fetch(uri, startedAt);
        } catch (RuntimeException e) {
            fetch = CompletableFuture.failedFuture(e);
        }
        fetch.whenComplete((fetched, error) -> {
            try {
                if (error == null) {
                    accept(fetched);
                } else {
                    fail(error);
                }
            } catch (RuntimeException e) {
                LOG.error("[{}] key set {}: unexpected error while storing keys", name, uri, e);
            } finally {
                synchronized (this) {
                    if (inflight == promise) {
                        inflight = null;
                    }
                }
                promise.complete(null);
            }
        });
        return promise;
    }

    private void accept(JwksFetcher.Fetched fetched) {
        stats.recordFetch(true);
        long now = clock.millis();
        Duration ttl = policy.clampTtl(fetched.announcedTtl());
        Snapshot previous = snapshot;
        snapshot = new Snapshot(fetched.keys(), now, now + (long) (ttl.toMillis() * policy.refreshAheadFraction()), now + ttl.toMillis());
        fetched.dropped().forEach(d -> LOG.warn("[{}] key set {}: dropped {}", name, uri, d));
        JwksFileSource.logChange(name, "key set " + uri, previous == null ? null : previous.keys, fetched.keys());
        scheduleRefresh((long) (ttl.toMillis() * policy.refreshAheadFraction()));
    }

    private void fail(Throwable error) {
        stats.recordFetch(false);
        Throwable cause = error.getCause() != null && !(error instanceof JwksFetcher.FetchFailed) ? error.getCause() : error;
        synchronized (this) {
            lastFailureAt = clock.millis();
        }
        Snapshot s = snapshot;
        LOG.warn("[{}] key set {}: fetch failed ({}); {}", name, uri, cause.getMessage(),
                s == null ? "no keys yet: requests get 401 until a fetch succeeds"
                        : "keeping the keys fetched " + Duration.ofMillis(clock.millis() - s.fetchedAt).toSeconds() + " s ago");
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
            timer = Scheduler.INSTANCE.schedule(() -> refreshInBackground(clock.millis()), Math.max(1, delayMillis), TimeUnit.MILLISECONDS);
        }
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
