package io.jwtgate.gateway;

import io.jwtgate.gateway.acme.CertificateResolvers;
import io.jwtgate.gateway.config.statics.IoTransportChoice;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.demo.WhoamiServer;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.MiddlewareType;
import io.jwtgate.gateway.middleware.jwt.JwtMiddleware;
import io.jwtgate.gateway.middleware.jwt.JwtMiddlewareType;
import io.jwtgate.gateway.middleware.registry.MiddlewareRegistry;
import io.jwtgate.gateway.observability.GatewayMetrics;
import io.jwtgate.gateway.observability.Observability;
import io.jwtgate.gateway.provider.ConfigProvider;
import io.jwtgate.gateway.provider.FileProvider;
import io.jwtgate.gateway.proxy.ServiceRegistry;
import io.jwtgate.gateway.runtime.Problem;
import io.jwtgate.gateway.runtime.Runtime;
import io.jwtgate.gateway.runtime.RuntimeFactory;
import io.jwtgate.gateway.server.EntryPoints;
import io.jwtgate.gateway.server.HttpCodecDefaults;
import io.jwtgate.gateway.server.InternalRouterServices;
import io.jwtgate.gateway.server.IoTransports;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.jwtgate.gateway.watcher.ConfigurationWatcher;
import io.jwtgate.jwt.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: providers feed the configuration watcher, the runtime builder compiles a
 * snapshot, the snapshot is swapped atomically, and entry points serve from it.
 * {@link #start} blocks until every entry point listens, so callers (CLI, tests) can use it at once.
 */
public final class Gateway implements AutoCloseable {

    static {
        HttpCodecDefaults.apply(); // before Vert.x creates any HTTP codec: applications embedding the gateway do not run Main
    }

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** How long a replaced snapshot's middlewares live on, so in-flight requests finish with them. */
    private static final long RETIRE_DELAY_MS = 30_000;
    /** The version Maven wrote into the jar manifest, or "dev" when running from classes. */
    public static final String VERSION = java.util.Objects.requireNonNullElse(Gateway.class.getPackage().getImplementationVersion(), "dev");

    private final StaticConfig staticConfig;
    private final Vertx vertx;
    private final IoTransportChoice ioTransport;
    private final AtomicReference<Runtime> current = new AtomicReference<>(Runtime.empty());
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final ConfigurationWatcher watcher;
    private final JwtMiddlewareType jwtType;
    private volatile Observability observability;
    private volatile boolean started;
    private WhoamiServer demo;
    private EntryPoints entryPoints;
    /** The ACME certificate resolvers, or null when the static configuration has none. */
    private CertificateResolvers acme;
    private final Object tlsSwap = new Object();

    private Gateway(StaticConfig staticConfig, Map<String, MiddlewareType> extraTypes, BuildContext.SecretLookup secrets,
                    List<ConfigProvider> extraProviders) throws ConfigException {
        this.staticConfig = staticConfig;
        // Key generation and signing take a few hundred ms on a cold JVM: done on the other core while the engine and Vert.x start.
        java.util.concurrent.CompletableFuture<io.jwtgate.gateway.runtime.TlsCertificates.PemPair> defaultCertificate =
                SelfSignedCertificate.defaultCertificate();
        // Vert.x first: it starts while the crypto providers are still loading (JwtEngine.preload), which the engine waits for.
        this.ioTransport = ioTransport(staticConfig);
        this.vertx = Vertx.builder()
                .with(new VertxOptions().setEventLoopPoolSize(Math.max(1, java.lang.Runtime.getRuntime().availableProcessors())))
                .withTransport(IoTransports.vertxTransport(ioTransport))
                .build();
        this.jwtType = new JwtMiddlewareType(staticConfig.jwtEngine());
        List<ConfigProvider> providers = new ArrayList<>(FileProvider.fromStatic(staticConfig, this::warn));
        providers.addAll(extraProviders);
        BuildContext context = new BuildContext(vertx, this::warn, ConfigurationWatcher.secretsOf(providers, secrets));
        this.watcher = new ConfigurationWatcher(providers, new RuntimeFactory(staticConfig, MiddlewareRegistry.types(jwtType, extraTypes),
                ServiceRegistry.types(Map.of()), context, defaultCertificate.join(),
                InternalRouterServices.of(staticConfig, current::get, () -> observability == null ? null : observability.metrics(),
                        this::isReady, VERSION)));
    }

    private static IoTransportChoice ioTransport(StaticConfig staticConfig) throws ConfigException {
        IoTransports.Selected selected = IoTransports.select(staticConfig.ioTransport(), staticConfig.source());
        if (selected.fallbackReason() == null) {
            LOG.info("I/O transport: {}", selected.transport().configName());
        } else {
            LOG.info("I/O transport: {} ({}; io_uring costs the least CPU per request where the kernel and the container's "
                    + "seccomp profile allow it)", selected.transport().configName(), selected.fallbackReason());
        }
        return selected.transport();
    }

    public static Gateway start(StaticConfig staticConfig, Map<String, MiddlewareType> extraTypes,
                                BuildContext.SecretLookup secrets) throws Exception {
        return start(staticConfig, extraTypes, secrets, List.of());
    }

    /** Starts with additional providers (e.g. Kubernetes) next to the file provider of the static configuration. */
    public static Gateway start(StaticConfig staticConfig, Map<String, MiddlewareType> extraTypes,
                                BuildContext.SecretLookup secrets, List<ConfigProvider> extraProviders) throws Exception {
        Gateway gateway = new Gateway(staticConfig, extraTypes, secrets, extraProviders);
        try {
            gateway.startInternal();
            return gateway;
        } catch (Exception e) {
            gateway.close();
            throw e;
        }
    }

    private void startInternal() throws Exception {
        if (staticConfig.demoBackend() != null) {
            demo = WhoamiServer.start(vertx, staticConfig.demoBackend().host(), staticConfig.demoBackend().port());
        }
        observability = new Observability(staticConfig, jwtType.tokenCache());
        // Stored certificates are read now (served from the first handshake); CAs are only contacted afterwards, off this thread.
        acme = CertificateResolvers.start(staticConfig, this::warn, this::acmeChanged);
        watcher.load(swap);
        entryPoints = new EntryPoints(vertx, staticConfig, current::get, this::isReady, observability.accessLog(),
                observability.metrics(), VERSION);
        entryPoints.listen();
        started = true;
        if (acme != null) {
            acmeChanged(); // a certificate obtained while the entry points were starting
        }
        watcher.watch(swap);
    }

    /** A resolver obtained or renewed a certificate: the entry points present it to new connections, current ones keep theirs. */
    private void acmeChanged() {
        synchronized (tlsSwap) {
            Runtime next = current.updateAndGet(r -> r.withCertificates(acme.decorate(r.certificates())));
            if (started) {
                entryPoints.updateTls(next);
            }
        }
    }

    /** The I/O transport the event loops run on (never {@link IoTransportChoice#AUTO}). */
    public IoTransportChoice ioTransport() {
        return ioTransport;
    }

    /** The ACME certificate resolvers, or null when none is configured. */
    public CertificateResolvers certificateResolvers() {
        return acme;
    }

    /** Re-reads the providers and swaps the runtime; keeps the current one when the edit is invalid. */
    public void reload() {
        watcher.reload(false, swap);
    }

    /** The atomic swap at the entry points, and what follows a decision of the watcher. */
    private final ConfigurationWatcher.Listener swap = new ConfigurationWatcher.Listener() {
        @Override
        public void applied(Runtime previous, Runtime built, boolean initial) {
            Runtime next = built;
            synchronized (tlsSwap) { // with acmeChanged: the last certificates swapped in are the newest
                if (acme != null) {
                    next = built.withCertificates(acme.decorate(built.certificates()));
                }
                current.set(next);
                if (!initial) {
                    entryPoints.updateTls(next);
                }
            }
            if (acme != null) {
                acme.routersChanged(next);
            }
            observability.serving(next);
            if (initial) {
                return;
            }
            observability.reloaded(true);
            // The replaced snapshot's middlewares live on so that in-flight requests finish with them.
            Runtime served = next;
            vertx.setTimer(RETIRE_DELAY_MS, id -> RuntimeFactory.closeUnused(previous, served));
            LOG.info("configuration reloaded: {} routers", next.routersByEntryPoint().values().stream().mapToInt(List::size).sum());
        }

        @Override
        public void rejected() {
            observability.reloaded(false);
        }
    };

    private void warn(String message) {
        if (!warnings.contains(message)) {
            warnings.add(message);
            LOG.warn(message);
        }
    }

    /**
     * Ready once the configuration is loaded and the entry points listen, and every JWT middleware
     * that routers use has the keys it needs ({@code /ready}, for Kubernetes readiness probes).
     */
    public boolean isReady() {
        boolean requireKeys = staticConfig.ping() == null || staticConfig.ping().readinessRequiresKeys();
        return started && (!requireKeys || current.get().middlewares().values().stream()
                .filter(JwtMiddleware.class::isInstance).map(JwtMiddleware.class::cast).allMatch(JwtMiddleware::keysReady));
    }

    /** The threads the entry points are served on: one event loop per core (startup log, tests). */
    public java.util.Set<String> eventLoopThreads() {
        return entryPoints.eventLoopThreads();
    }

    /** The metrics, or null when {@code metrics} is not configured. */
    public GatewayMetrics metrics() {
        return observability == null ? null : observability.metrics();
    }

    /** The port an entry point actually listens on (useful with ":0"). */
    public int port(String entryPoint) {
        Integer p = entryPoints.port(entryPoint);
        if (p == null) {
            throw new IllegalArgumentException("no entry point named " + entryPoint);
        }
        return p;
    }

    public Runtime runtime() {
        return current.get();
    }

    /** Problems of the configuration being served (disabled routers, invalid middlewares, ...). */
    public List<String> problems() {
        return watcher.problems().stream().map(Problem::message).toList();
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public Vertx vertx() {
        return vertx;
    }

    public WhoamiServer demoBackend() {
        return demo;
    }

    @Override
    public void close() {
        shutdown(java.time.Duration.ZERO);
    }

    /**
     * Stops accepting connections, lets in-flight requests finish for up to {@code grace}
     * (HTTP/1.1 connections close after their current response, HTTP/2 ones get GOAWAY), then stops.
     */
    public void shutdown(java.time.Duration grace) {
        started = false;
        if (entryPoints != null) {
            entryPoints.shutdown(grace);
        }
        watcher.close();
        if (acme != null) {
            acme.close();
        }
        Runtime last = current.getAndSet(Runtime.empty());
        RuntimeFactory.closeUnused(last, Runtime.empty());
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("closing Vert.x: {}", e.toString());
        }
        if (observability != null) {
            observability.close();
        }
    }
}
