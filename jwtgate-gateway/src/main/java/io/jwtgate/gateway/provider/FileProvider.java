package io.jwtgate.gateway.provider;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.YamlDocuments;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.DynamicConfigParser;
import io.jwtgate.gateway.config.statics.FileProviderConfig;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traefik's file provider: one file ({@code filename}) or every {@code .yml}/{@code .yaml}/{@code .json}
 * file under a directory (recursively, hidden entries skipped so Kubernetes' {@code ..data} links are not read twice).
 * With {@code watch}, a change triggers a reload after a short quiet period, on a daemon thread.
 */
public final class FileProvider implements ConfigProvider {

    /** The file provider the static configuration asks for ({@code providers.file} or inline {@code http:}), if any. */
    public static List<ConfigProvider> fromStatic(StaticConfig config, Consumer<String> warn) {
        return config.fileProvider() == null && config.inlineDynamic() == null ? List.of()
                : List.of(new FileProvider(config.fileProvider(), config.inlineDynamic(), warn));
    }

    private static final Logger LOG = LoggerFactory.getLogger(FileProvider.class);
    /** Traefik's extensions (.yml, .yaml, .toml, any case) and JSON (a jwtgate extension: YAML reads it). */
    private static final java.util.regex.Pattern SUPPORTED = java.util.regex.Pattern.compile("(?i).*\\.(ya?ml|toml|json)");

    private final FileProviderConfig config;
    private final ConfigNode inline;
    private final Consumer<String> warn;
    /** Each reload repeats the warnings of the files it reads: only new ones are logged. */
    private final NewWarnings newWarnings;
    private WatchService watcher;
    private Thread thread;

    /**
     * @param config the {@code providers.file} section, or null when only {@code inline} is used
     * @param inline {@code http}/{@code tls} sections written in the static file itself, or null
     */
    public FileProvider(FileProviderConfig config, ConfigNode inline, Consumer<String> warn) {
        this.config = config;
        this.inline = inline;
        this.warn = warn;
        this.newWarnings = new NewWarnings(warn);
    }

    @Override
    public String name() {
        return "file";
    }

    /** Reads every document now; a syntax error in any file fails the whole read (the last good config stays). */
    @Override
    public DynamicConfig load() throws ConfigException {
        try (NewWarnings.Load warnings = newWarnings.begin()) {
            DynamicConfigParser parser = new DynamicConfigParser(name(), warnings);
            if (inline != null) {
                parser.add(inline);
            }
            for (Path file : files()) {
                parser.add(YamlDocuments.read(file));
            }
            return parser.build();
        }
    }

    private List<Path> files() throws ConfigException {
        if (config == null) {
            return List.of();
        }
        if (config.filename() != null) {
            return List.of(config.filename());
        }
        Path dir = config.directory();
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir.toString(), "providers.file.directory", "is not a directory", "create it or fix the path");
        }
        List<Path> files = new java.util.ArrayList<>();
        try {
            collect(dir, 0, files);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ConfigException(dir.toString(), "providers.file.directory", "cannot be listed: " + e.getMessage(), "check its permissions");
        }
        return files;
    }

    /**
     * Traefik's order: each directory's entries sorted by name, a subdirectory read where its name
     * sorts (Go's {@code os.ReadDir}); it decides which file wins when two define the same name.
     * Hidden entries are skipped (Kubernetes' {@code ..data} links would be read twice).
     */
    private static void collect(Path dir, int depth, List<Path> into) throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(java.util.Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
        for (Path p : entries) {
            if (Files.isDirectory(p)) {
                if (depth < 8) {
                    collect(p, depth + 1, into);
                }
            } else if (Files.isRegularFile(p) && SUPPORTED.matcher(p.getFileName().toString()).matches()) {
                into.add(p);
            }
        }
    }

    /** Calls {@code onChange} after each burst of file-system events; returns immediately. */
    @Override
    public void watch(Runnable onChange) throws IOException {
        if (config == null || !config.watch()) {
            return;
        }
        Path dir = config.filename() != null ? config.filename().toAbsolutePath().getParent() : config.directory();
        watcher = FileSystems.getDefault().newWatchService();
        register(dir);
        thread = Thread.ofPlatform().daemon().name("jwtgate-file-provider").start(() -> loop(onChange));
    }

    private void register(Path dir) throws IOException {
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        if (config.directory() != null) {
            try (Stream<Path> sub = Files.walk(dir, 8)) {
                for (Path p : sub.filter(Files::isDirectory).filter(p -> !p.equals(dir)).toList()) {
                    p.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
        }
    }

    private void loop(Runnable onChange) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                key.pollEvents();
                key.reset();
                // Editors write in several steps: wait for a quiet period, then reload once.
                WatchKey more;
                while ((more = watcher.poll(config.throttle().toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    more.pollEvents();
                    more.reset();
                }
                try {
                    if (config.directory() != null) {
                        register(config.directory());
                    }
                    onChange.run();
                } catch (RuntimeException | IOException e) {
                    LOG.error("reloading the file provider failed: {}", e.toString());
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
