package io.jwtgate.gateway.watcher;

import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.provider.ConfigFingerprint;
import io.jwtgate.gateway.provider.ConfigProvider;
import io.jwtgate.gateway.provider.DynamicConfigMerger;
import io.jwtgate.gateway.runtime.Problem;
import io.jwtgate.gateway.runtime.Runtime;
import io.jwtgate.gateway.runtime.RuntimeFactory;
import io.jwtgate.jwt.config.ConfigException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration watcher: reads every provider, merges their snapshots (names are already
 * namespaced {@code name@provider}), skips snapshots that would build the same runtime, asks the
 * runtime factory for a new runtime, and decides whether to serve it. The last good runtime keeps
 * serving when an edit adds problems, unless the change came from an authoritative provider
 * (Kubernetes), whose state is applied and fails closed. The entry points learn of a new runtime
 * through the {@link Listener}; the gateway and the offline {@code check} share this one path.
 */
public final class ConfigurationWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationWatcher.class);

    /** Told about each decision; called under the watcher's lock, on the thread that saw the change. */
    public interface Listener {
        void applied(Runtime previous, Runtime next, boolean initial);

        default void rejected() {}
    }

    private final List<ConfigProvider> providers;
    private final RuntimeFactory factory;
    private Runtime current = Runtime.empty();
    private List<Problem> problems = List.of();
    private Object fingerprint;

    public ConfigurationWatcher(List<ConfigProvider> providers, RuntimeFactory factory) {
        this.providers = List.copyOf(providers);
        this.factory = factory;
    }

    /** Secret references resolved by the provider a middleware comes from ({@code urn:k8s:secret:...}). */
    public static BuildContext.SecretLookup secretsOf(List<ConfigProvider> providers, BuildContext.SecretLookup fallback) {
        List<ConfigProvider> all = List.copyOf(providers);
        return (middleware, value) -> {
            for (ConfigProvider provider : all) {
                if (middleware.endsWith("@" + provider.name())) {
                    String resolved = provider.resolveSecret(middleware, value);
                    if (resolved != null) {
                        return resolved;
                    }
                }
            }
            return fallback == null ? null : fallback.resolve(middleware, value);
        };
    }

    /** Reads every provider once and builds the first runtime, which is served whatever its problems. */
    public synchronized RuntimeFactory.Built load(Listener listener) throws ConfigException {
        DynamicConfig config = DynamicConfigMerger.merge(loadAll());
        RuntimeFactory.Built built = factory.build(config, current);
        Runtime previous = current;
        current = built.runtime();
        problems = built.problems();
        fingerprint = ConfigFingerprint.of(config);
        listener.applied(previous, current, true);
        return built;
    }

    /** Starts every provider's watch; each change re-reads all providers and decides. */
    public void watch(Listener listener) throws IOException {
        for (ConfigProvider provider : providers) {
            provider.watch(() -> reload(provider.authoritative(), listener));
        }
    }

    /** Re-reads the providers now; an edit that adds problems is rejected unless {@code authoritative}. */
    public synchronized void reload(boolean authoritative, Listener listener) {
        DynamicConfig config;
        try {
            config = DynamicConfigMerger.merge(loadAll());
        } catch (ConfigException e) {
            LOG.error("configuration change rejected, still serving the last good configuration: {}", e.getMessage());
            listener.rejected();
            return;
        }
        Object next = ConfigFingerprint.of(config);
        if (Objects.equals(next, fingerprint)) {
            return;
        }
        RuntimeFactory.Built built;
        try {
            built = factory.build(config, current);
        } catch (RuntimeException e) {
            LOG.error("configuration change rejected, still serving the last good configuration: {}", e.toString(), e);
            listener.rejected();
            return;
        }
        List<Problem> added = built.problems().stream().filter(p -> !problems.contains(p)).toList();
        if (!added.isEmpty() && !authoritative) {
            LOG.error("configuration change rejected, still serving the last good configuration; new problems:\n  {}",
                    String.join("\n  ", added.stream().map(Problem::message).toList()));
            RuntimeFactory.closeUnused(built.runtime(), current);
            listener.rejected();
            return;
        }
        if (!added.isEmpty()) {
            LOG.error("configuration change applied; what depends on these problems fails closed:\n  {}",
                    String.join("\n  ", added.stream().map(Problem::message).toList()));
        }
        Runtime previous = current;
        current = built.runtime();
        problems = built.problems();
        fingerprint = next;
        listener.applied(previous, current, false);
    }

    private List<DynamicConfig> loadAll() throws ConfigException {
        List<DynamicConfig> snapshots = new ArrayList<>();
        for (ConfigProvider provider : providers) {
            snapshots.add(provider.load());
        }
        return snapshots;
    }

    public synchronized Runtime current() {
        return current;
    }

    /** The problems of the configuration being served. */
    public synchronized List<Problem> problems() {
        return problems;
    }

    @Override
    public void close() {
        providers.forEach(ConfigProvider::close);
    }
}
