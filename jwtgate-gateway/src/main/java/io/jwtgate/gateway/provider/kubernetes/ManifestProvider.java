package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.statics.FileProviderConfig;
import io.jwtgate.gateway.config.statics.KubernetesCrdConfig;
import io.jwtgate.gateway.provider.FileProvider;
import io.jwtgate.jwt.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code providers.kubernetesCRD} with {@code directory} or {@code filename}: the guide's manifests,
 * read as files, so they run without a cluster. A YAML syntax error keeps the last good configuration;
 * a valid change is applied even when it disables routers (a deleted Secret fails closed).
 */
public final class ManifestProvider extends CrdProvider {

    private FileProvider watcher;

    public ManifestProvider(KubernetesCrdConfig config, Consumer<String> warn) throws ConfigException {
        super(config, warn);
        if (!config.manifests()) {
            throw new IllegalArgumentException("no directory or filename");
        }
    }

    @Override
    protected List<KubeResource> read() throws ConfigException {
        if (config.filename() != null) {
            if (!Files.isRegularFile(config.filename())) {
                throw new ConfigException(config.filename().toString(), "providers.kubernetesCRD.filename", "file not found",
                        "fix the path (relative paths start at the static configuration's directory)");
            }
            return ManifestReader.read(List.of(config.filename()), config.filename().toAbsolutePath().getParent());
        }
        Path dir = config.directory();
        return ManifestReader.read(ManifestReader.files(dir), dir);
    }

    /** Watches the files with the file provider's watcher (same quiet period, same handling of Kubernetes' ..data links). */
    @Override
    public void watch(Runnable onChange) throws IOException {
        if (!config.watch()) {
            return;
        }
        watcher = new FileProvider(new FileProviderConfig(config.filename(), config.directory(), true, config.throttle()), null, warn);
        watcher.watch(onChange);
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }
}
