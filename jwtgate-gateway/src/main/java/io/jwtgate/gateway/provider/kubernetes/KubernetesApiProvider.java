package io.jwtgate.gateway.provider.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jwtgate.gateway.config.statics.KubernetesCrdConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code providers.kubernetesCRD} without {@code directory}: watches Middlewares, IngressRoutes
 * (both Traefik API groups), Secrets, Services and EndpointSlices through the API server with
 * fabric8 informers. Informers list, then watch; they resync every {@code resyncPeriod} and
 * reconnect by themselves, keeping their caches meanwhile, so while the API server is unreachable
 * the gateway keeps serving the configuration last built from them.
 */
public final class KubernetesApiProvider extends CrdProvider {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesApiProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long startup waits for the first list of every resource. */
    private static final long INITIAL_SYNC_SECONDS = 60;

    private record Watched(ResourceKind kind, String apiVersion, SharedIndexInformer<GenericKubernetesResource> informer, boolean optional) {}

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final List<Watched> informers = new ArrayList<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService debounce = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("jwtgate-kubernetes-provider").factory());
    private volatile Runnable onChange;
    private boolean started;

    public KubernetesApiProvider(KubernetesCrdConfig config, Consumer<String> warn) throws ConfigException {
        this(config, warn, new KubernetesClientBuilder().withConfig(clientConfig(config)).build(), true);
    }

    /** With a client made elsewhere (tests: the mock API server's); {@code ownsClient} closes it on {@link #close}. */
    public KubernetesApiProvider(KubernetesCrdConfig config, Consumer<String> warn, KubernetesClient client, boolean ownsClient)
            throws ConfigException {
        super(config, warn);
        this.client = client;
        this.ownsClient = ownsClient;
    }

    private static Config clientConfig(KubernetesCrdConfig c) {
        ConfigBuilder b = new ConfigBuilder(Config.autoConfigure(null));
        if (c.endpoint() != null) {
            b.withMasterUrl(c.endpoint());
        }
        if (c.token() != null) {
            b.withOauthToken(c.token());
        }
        if (c.certAuthFilePath() != null) {
            b.withCaCertFile(c.certAuthFilePath().toString());
        }
        return b.build();
    }

    @Override
    protected synchronized List<KubeResource> read() throws ConfigException {
        if (!started) {
            start();
            started = true;
        }
        List<KubeResource> out = new ArrayList<>();
        for (Watched w : informers) {
            for (GenericKubernetesResource r : w.informer().getStore().list()) {
                try {
                    String where = w.kind().kind() + " " + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
                    KubeResource resource = KubeResources.from(JSON.readTree(client.getKubernetesSerialization().asJson(r)), null, where);
                    if (resource != null) {
                        out.add(resource);
                    }
                } catch (ConfigException | IOException e) {
                    LOG.error("skipping a {} that cannot be read: {}", w.kind().kind(), e.getMessage());
                }
            }
        }
        return out;
    }

    private void start() throws ConfigException {
        List<String> namespaces = config.namespaces().isEmpty() ? java.util.Collections.singletonList(null) : config.namespaces();
        for (ResourceKind kind : ResourceKind.values()) {
            for (String apiVersion : kind.apiVersions()) {
                boolean optional = apiVersion.startsWith("traefik.containo.us/") || kind.optional();
                for (String namespace : namespaces) {
                    informers.add(new Watched(kind, apiVersion, informer(kind, apiVersion, namespace, optional), optional));
                }
            }
        }
        List<CompletableFuture<Void>> required = new ArrayList<>();
        for (Watched w : informers) {
            CompletableFuture<Void> started = w.informer().start().toCompletableFuture();
            if (!w.optional()) {
                required.add(started);
            } else {
                started.exceptionally(e -> {
                    LOG.info("not watching {} {}: {} (install its CRD to use it)", w.apiVersion(), w.kind().kind(), e.getMessage());
                    return null;
                });
            }
        }
        try {
            CompletableFuture.allOf(required.toArray(CompletableFuture[]::new)).get(INITIAL_SYNC_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(config.source(), "providers.kubernetesCRD",
                    "cannot list resources from the Kubernetes API server " + client.getMasterUrl() + ": " + cause.getMessage(),
                    "check endpoint/token/certAuthFilePath, the RBAC rules (get, list, watch on middlewares, ingressroutes and tlsoptions in "
                            + "traefik.io, secrets, services, endpointslices), and that the Traefik CRDs are installed (deploy/crds)");
        }
    }

    private SharedIndexInformer<GenericKubernetesResource> informer(ResourceKind kind, String apiVersion, String namespace, boolean optional) {
        int slash = apiVersion.indexOf('/');
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
                .withVersion(slash < 0 ? apiVersion : apiVersion.substring(slash + 1))
                .withKind(kind.kind()).withPlural(kind.plural()).withNamespaced(true).build();
        var operation = client.genericKubernetesResources(context);
        var scoped = namespace == null ? operation.inAnyNamespace() : operation.inNamespace(namespace);
        var filtered = kind.traefik() && config.labelSelector() != null ? scoped.withLabelSelector(config.labelSelector()) : scoped;
        SharedIndexInformer<GenericKubernetesResource> informer = filtered.runnableInformer(config.resyncPeriod().toMillis());
        informer.exceptionHandler((isStarted, t) -> {
            if (optional && !isStarted && t instanceof KubernetesClientException k && k.getCode() == 404) {
                return false; // the legacy API group is not installed
            }
            LOG.warn("watching {} {}: {}; retrying (serving the last configuration meanwhile)", apiVersion, kind.kind(), t.toString());
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                changed();
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                changed();
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                changed();
            }
        });
        return informer;
    }

    /** Coalesces bursts of events (a resync touches everything) into one reload after the throttle period. */
    private void changed() {
        Runnable callback = onChange;
        if (callback == null || !pending.compareAndSet(false, true)) {
            return;
        }
        debounce.schedule(() -> {
            pending.set(false);
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.error("reloading from the Kubernetes API failed: {}", e.toString());
            }
        }, Math.max(1, config.throttle().toMillis()), TimeUnit.MILLISECONDS);
    }

    @Override
    public void watch(Runnable onChange) {
        this.onChange = onChange;
        changed(); // events that arrived between the first load and now
    }

    @Override
    public void close() {
        debounce.shutdownNow();
        informers.forEach(w -> w.informer().stop());
        if (ownsClient) {
            client.close();
        }
    }
}
