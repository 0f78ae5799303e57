package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.FetchFailure;
import io.jwtgate.jwt.KeySetStatus;
import io.jwtgate.jwt.config.KeySetPolicy;
import io.jwtgate.jwt.token.TokenRejected;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code jwksFile} given as a path: reloaded when its modification time changes, so mounted
 * ConfigMaps and Secrets rotate without a restart. The file is looked at most once per
 * {@code fileCheckInterval} (5 s), on the blocking executor; requests always use the current keys
 * and never wait. A file that becomes unreadable or invalid keeps the last good keys.
 */
public final class JwksFileSource implements KeySource {

    private static final Logger LOG = LoggerFactory.getLogger(JwksFileSource.class);

    private final Path path;
    private final KeySetPolicy policy;
    private final Clock clock;
    private final Executor executor;
    private final String name;
    private final AtomicBoolean checking = new AtomicBoolean();
    private final KeySetCounters counters = new KeySetCounters();
    private volatile KeySet keys;
    private volatile List<String> dropped = List.of();
    private volatile FileTime modified;
    private volatile long lastCheckMillis;
    private volatile long loadedAt;
    private volatile boolean failing;

    /** A load failure with its category. */
    private static final class LoadFailed extends IOException {
        final FetchFailure cause;

        LoadFailed(FetchFailure cause, String message) {
            super(message);
            this.cause = cause;
        }
    }

    /** Loads the file once, synchronously: configuration time may block. */
    public JwksFileSource(Path path, KeySetPolicy policy, Clock clock, Executor executor, String name) throws IOException {
        this.path = path;
        this.policy = policy;
        this.clock = clock;
        this.executor = executor;
        this.name = name;
        this.modified = Files.getLastModifiedTime(path);
        this.keys = load();
        this.lastCheckMillis = clock.millis();
        this.loadedAt = lastCheckMillis;
        counters.success();
    }

    private KeySet load() throws IOException {
        if (Files.size(path) > policy.maxBytes()) {
            throw new LoadFailed(FetchFailure.TOO_LARGE, "file is larger than " + policy.maxBytes() + " bytes");
        }
        JwkSetParser.Parsed parsed;
        try {
            parsed = JwkSetParser.parse(Files.readString(path, StandardCharsets.UTF_8), policy.maxKeys(), false);
        } catch (JwkSetParser.Unusable e) {
            throw new LoadFailed(e.failure(), e.getMessage());
        }
        parsed.dropped().forEach(d -> LOG.warn("[{}] jwksFile {}: dropped {}", name, path, d));
        if (parsed.keys().size() == 0) {
            throw new LoadFailed(FetchFailure.NO_USABLE_KEYS, "no usable signature key in the key set");
        }
        dropped = parsed.dropped();
        return parsed.keys();
    }

    /** The current keys (tests, tooling). */
    public KeySet keys() {
        return keys;
    }

    @Override
    public CompletableFuture<KeyResolution> resolve(KeyRequest request) {
        maybeCheck();
        try {
            return KeyResolution.done(new KeyResolution.Found(keys.select(request.alg(), request.kid())));
        } catch (TokenRejected e) {
            return KeyResolution.done(KeyResolution.of(e));
        }
    }

    private void maybeCheck() {
        long now = clock.millis();
        if (now - lastCheckMillis < policy.fileCheckInterval().toMillis() || !checking.compareAndSet(false, true)) {
            return;
        }
        lastCheckMillis = now;
        try {
            executor.execute(this::check);
        } catch (RuntimeException e) {
            checking.set(false);
            LOG.warn("[{}] jwksFile {}: cannot schedule a reload check: {}", name, path, e.toString());
        }
    }

    private void check() {
        try {
            FileTime now = Files.getLastModifiedTime(path);
            if (now.equals(modified)) {
                return;
            }
            KeySet previous = keys;
            KeySet next = load();
            modified = now;
            keys = next;
            loadedAt = clock.millis();
            failing = false;
            counters.success();
            logChange(name, "jwksFile " + path, previous, next);
        } catch (IOException | RuntimeException e) {
            failing = true;
            FetchFailure cause = e instanceof LoadFailed f ? f.cause : e instanceof IOException ? FetchFailure.FILE_READ : FetchFailure.INVALID_JSON;
            counters.failure(cause, e.getMessage(), Instant.ofEpochMilli(clock.millis()));
            LOG.warn("[{}] jwksFile {}: reload failed, keeping the previous keys: {}", name, path, e.getMessage());
        } finally {
            checking.set(false);
        }
    }

    /** Files never expire: the last good keys stay in use while the file is unreadable or invalid ({@code servingStale}). */
    @Override
    public List<KeySetStatus> status() {
        KeySet k = keys;
        return List.of(new KeySetStatus(KeySetStatus.Kind.JWKS_FILE, path.toString(), null, k.kids(), k.size(),
                Instant.ofEpochMilli(loadedAt), null, counters.lastError(), counters.successes(), counters.failures(), 0, 0, failing,
                dropped));
    }

    static void logChange(String name, String what, KeySet previous, KeySet next) {
        Set<String> added = new TreeSet<>(next.kids());
        Set<String> removed = previous == null ? Set.of() : new TreeSet<>(previous.kids());
        if (previous != null) {
            added.removeAll(previous.kids());
            removed.removeAll(next.kids());
        }
        if (!added.isEmpty() || !removed.isEmpty()) {
            LOG.info("[{}] {}: key set changed, {} keys, added {}, removed {}", name, what, next.size(), added, removed);
        }
    }
}
