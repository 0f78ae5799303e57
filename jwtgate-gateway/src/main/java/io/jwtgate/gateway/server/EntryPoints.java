package io.jwtgate.gateway.server;

import io.jwtgate.gateway.config.statics.EntryPointConfig;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.observability.AccessLog;
import io.jwtgate.gateway.observability.GatewayMetrics;
import io.jwtgate.gateway.observability.RequestObserver;
import io.jwtgate.gateway.proxy.ForwardedHeaders;
import io.jwtgate.gateway.runtime.Runtime;
import io.jwtgate.gateway.server.tcp.Handoffs;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry points of a gateway: one {@link GatewayVerticle} per core, all listening on every
 * entry point's port and serving from the current runtime (read once per request).
 */
public final class EntryPoints {

    private static final Logger LOG = LoggerFactory.getLogger(EntryPoints.class);

    private final Vertx vertx;
    private final StaticConfig staticConfig;
    private final Supplier<Runtime> current;
    private final BooleanSupplier ready;
    private final AccessLog accessLog;
    private final GatewayMetrics metrics;
    private final String version;
    private final List<GatewayVerticle> verticles = new CopyOnWriteArrayList<>();
    private Future<?> tlsUpdates = Future.succeededFuture(); // guarded by this: see updateTls
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();
    private final Map<String, Handoffs> handoffs = new ConcurrentHashMap<>();

    /** @param accessLog and {@code metrics} may be null (not configured) */
    public EntryPoints(Vertx vertx, StaticConfig staticConfig, Supplier<Runtime> current, BooleanSupplier ready,
                       AccessLog accessLog, GatewayMetrics metrics, String version) {
        this.vertx = vertx;
        this.staticConfig = staticConfig;
        this.current = current;
        this.ready = ready;
        this.accessLog = accessLog;
        this.metrics = metrics;
        this.version = version;
    }

    /** Deploys the instances and waits until every entry point listens. */
    public void listen() throws Exception {
        String serverName = InetAddress.getLoopbackAddress().getHostName();
        try {
            serverName = InetAddress.getLocalHost().getHostName();
        } catch (Exception ignored) {
            // keep the loopback name
        }
        List<EntryPointConfig> entryPoints = new ArrayList<>(staticConfig.entryPoints().values());
        int instances = Math.max(1, java.lang.Runtime.getRuntime().availableProcessors());
        // ":0" becomes Vert.x's shared random port -(i+1): every instance then binds the same port
        // chosen once per entry point, so all instances can be deployed together.
        List<EntryPointConfig> listenOn = new ArrayList<>();
        for (int i = 0; i < entryPoints.size(); i++) {
            EntryPointConfig ep = entryPoints.get(i);
            listenOn.add(ep.port() != 0 ? ep : ep.withPort(-(i + 1)));
        }
        // One deployment of all instances: Vert.x gives them consecutive event loops. Deployed one by one,
        // a context created in between (a timer, a file watch) shifted the round robin and put two
        // instances on the same loop, leaving a core idle.
        String name = serverName;
        await(vertx.deployVerticle(() -> {
            GatewayVerticle v = newVerticle(listenOn, name);
            verticles.add(v);
            return v;
        }, new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP).setInstances(instances)));
        for (EntryPointConfig ep : entryPoints) {
            ports.put(ep.name(), verticles.get(0).actualPort(ep.name()));
        }
        LOG.info("{} event loops serving the entry points", eventLoopThreads().size());
        for (EntryPointConfig ep : entryPoints) {
            LOG.info("entry point {} listening on {}:{}{}", ep.name(), ep.host(), ports.get(ep.name()),
                    EntryPointServers.needsSniffing(ep, current.get()) ? " (TLS and cleartext on one port: TCP routers, routers with tls)"
                            : ep.tls() ? " (TLS, HTTP/2)" : "");
        }
    }

    private GatewayVerticle newVerticle(List<EntryPointConfig> entryPoints, String serverName) {
        Map<String, RequestDispatcher> dispatchers = new HashMap<>();
        InternalHandlers handlers = InternalRouterServices.handlers(staticConfig, current, () -> metrics, ready, version);
        for (EntryPointConfig ep : entryPoints) {
            boolean ping = staticConfig.ping() != null && staticConfig.ping().entryPoint().equals(ep.name());
            boolean servesMetrics = metrics != null && staticConfig.metrics().entryPoint().equals(ep.name())
                    && !staticConfig.metrics().manualRouting();
            boolean servesApi = staticConfig.api() != null && staticConfig.api().onEntryPoint() && ep.name().equals("traefik");
            InternalEndpoints internal = new InternalEndpoints(handlers, ping && !staticConfig.ping().manualRouting(), ping,
                    servesMetrics, servesApi);
            List<RequestObserver> observers = new ArrayList<>();
            if (accessLog != null) {
                observers.add(accessLog);
            }
            if (metrics != null) {
                observers.add(metrics);
            }
            // Read when a request is redirected: a ":0" target's port is only known once it listens.
            IntSupplier redirectPort = ep.redirect() == null ? () -> 0 : () -> redirectPort(ep.redirect().toEntryPoint());
            dispatchers.put(ep.name(), new RequestDispatcher(ep, current, internal,
                    new ForwardedHeaders(ep.forwardedHeaders(), serverName), observers, redirectPort));
        }
        entryPoints.forEach(ep -> handoffs.computeIfAbsent(ep.name(), k -> new Handoffs()));
        return new GatewayVerticle(entryPoints, dispatchers, staticConfig.serversTransport(), current, handoffs);
    }

    private int redirectPort(String entryPoint) {
        if (EntryPointConfig.Redirection.isPort(entryPoint)) {
            return Integer.parseInt(entryPoint.substring(1));
        }
        Integer bound = ports.get(entryPoint);
        return bound != null && bound > 0 ? bound : staticConfig.entryPoints().get(entryPoint).port();
    }

    /**
     * Swaps the certificates and TLS options of every TLS entry point without dropping connections. One update at a
     * time, one verticle after the other: the verticles' servers of an address share one Vert.x server, whose
     * {@code updateSSLOptions} calls itself without end when another update arrives as one completes (Vert.x 5.0.7,
     * a StackOverflowError once building the key managers became fast).
     */
    public synchronized void updateTls(Runtime next) {
        Future<?> chain = tlsUpdates;
        for (GatewayVerticle v : verticles) {
            chain = chain.transform(previous -> v.updateTls(next)
                    .onFailure(e -> LOG.error("entry points: applying the new TLS setup failed: {}", e.toString())));
        }
        tlsUpdates = chain;
    }

    /** The port an entry point actually listens on (useful with ":0"), or null. */
    public Integer port(String entryPoint) {
        return ports.get(entryPoint);
    }

    /** The threads the entry points are served on: one event loop per core (startup log, tests). */
    public Set<String> eventLoopThreads() {
        return verticles.stream().map(GatewayVerticle::eventLoopThread).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Stops accepting, lets current responses finish for up to {@code grace}. */
    public void shutdown(Duration grace) {
        if (grace.isZero()) {
            return;
        }
        List<Future<Void>> stopping = verticles.stream().map(v -> v.shutdownServers(grace)).toList();
        try {
            Future.all(stopping).toCompletionStage().toCompletableFuture().get(grace.toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("graceful shutdown did not finish within {}: {}", grace, e.toString());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
