package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.statics.KubernetesCrdConfig;
import io.jwtgate.gateway.provider.ConfigProvider;
import io.jwtgate.gateway.provider.NewWarnings;
import io.jwtgate.jwt.config.ConfigException;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the manifest and API providers share: resources in, {@link CrdSnapshot} out, secret
 * references resolved against the snapshot last loaded. Their changes are authoritative: a deleted
 * Secret or Middleware disables its routers (fail closed) rather than leaving the old one in force.
 */
public abstract class CrdProvider implements ConfigProvider {

    protected final KubernetesCrdConfig config;
    protected final Consumer<String> warn;
    protected final LabelSelector selector;
    private final NewWarnings newWarnings;
    private volatile CrdSnapshot snapshot = CrdSnapshot.empty();

    protected CrdProvider(KubernetesCrdConfig config, Consumer<String> warn) throws ConfigException {
        this.config = config;
        this.warn = warn;
        this.newWarnings = new NewWarnings(warn);
        try {
            this.selector = LabelSelector.parse(config.labelSelector());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.source(), "providers.kubernetesCRD.labelSelector", e.getMessage(),
                    "write it as Kubernetes does, e.g. app=web,tier!=db");
        }
    }

    /** Every resource of the kinds read, as of now. */
    protected abstract List<KubeResource> read() throws ConfigException;

    @Override
    public final String name() {
        return CrdNames.PROVIDER;
    }

    @Override
    public boolean authoritative() {
        return true;
    }

    @Override
    public DynamicConfig load() throws ConfigException {
        // Every change of any resource translates them all again: only warnings that are new are logged.
        try (NewWarnings.Load warnings = newWarnings.begin()) {
            ResourceSet resources = ResourceSet.of(read(), config.namespaces(), selector, warnings);
            CrdSnapshot next = CrdSnapshot.build(resources, config, warnings);
            snapshot = next;
            return next.config();
        }
    }

    @Override
    public String resolveSecret(String middlewareName, String value) {
        return snapshot.resolveSecret(middlewareName, value);
    }

    /** The snapshot last loaded (for tests and diagnostics). */
    public CrdSnapshot snapshot() {
        return snapshot;
    }
}
