package io.jwtgate.gateway.acme;

import io.jwtgate.gateway.config.TlsDomain;
import io.jwtgate.gateway.config.statics.AcmeConfig;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.runtime.Runtime;
import io.jwtgate.gateway.runtime.TlsCertificates;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The gateway's ACME certificate resolvers ({@code certificatesResolvers}). The gateway tells it
 * each runtime it serves ({@link #routersChanged}) and asks it for the certificates to present
 * ({@link #decorate}); it calls back when a certificate was obtained or renewed, and the gateway
 * then swaps the entry points' certificates without dropping connections. Startup never waits for
 * a CA: routers are served with the default certificate until theirs arrives, as in Traefik.
 */
public final class CertificateResolvers implements AutoCloseable {

    private final AcmeConfig config;
    private final Set<String> entryPoints;
    private final Consumer<String> warn;
    private final PendingChallenges challenges;
    private final Map<String, CertificateResolver> resolvers = new LinkedHashMap<>();

    private CertificateResolvers(StaticConfig staticConfig, Consumer<String> warn, Runnable changed) {
        this.config = staticConfig.acme();
        this.entryPoints = staticConfig.entryPoints().keySet();
        this.warn = warn;
        Set<String> httpEntryPoints = new TreeSet<>();
        config.resolvers().values().stream().filter(r -> r.error() == null && r.httpChallengeEntryPoint() != null)
                .forEach(r -> httpEntryPoints.add(r.httpChallengeEntryPoint()));
        this.challenges = new PendingChallenges(httpEntryPoints);
        Map<Path, AcmeJson> stores = new HashMap<>();
        for (AcmeConfig.Resolver r : config.resolvers().values()) {
            if (r.error() != null) {
                continue; // reported when the static configuration was read
            }
            // Resolvers naming the same file share it, each in its own section (as Traefik's LocalStore).
            AcmeJson store = stores.computeIfAbsent(r.storage().toAbsolutePath().normalize(), AcmeJson::new);
            resolvers.put(r.name(), new CertificateResolver(r, store, challenges, changed));
        }
    }

    /** The resolvers of this static configuration, with their stored certificates loaded; null when there are none. */
    public static CertificateResolvers start(StaticConfig staticConfig, Consumer<String> warn, Runnable changed) {
        if (staticConfig.acme().resolvers().isEmpty()) {
            return null;
        }
        CertificateResolvers all = new CertificateResolvers(staticConfig, warn, changed);
        all.resolvers.values().forEach(CertificateResolver::load);
        return all;
    }

    /** The configured certificates with the resolvers' ones and the pending challenges. */
    public TlsCertificates decorate(TlsCertificates configured) {
        List<TlsCertificates.PemPair> obtained = new ArrayList<>();
        resolvers.values().forEach(r -> r.certificates().forEach(h -> obtained.add(h.served())));
        return configured.withAcme(obtained, challenges);
    }

    /** A new runtime is served: order what its routers need (asynchronously; returns at once). */
    public void routersChanged(Runtime runtime) {
        RouterDomains.Wanted wanted = RouterDomains.of(runtime.config().routers().values(), config, entryPoints);
        wanted.unknownResolver().forEach((router, resolver) -> warn.accept("router " + router + ": tls.certResolver '" + resolver
                + "' is not defined in certificatesResolvers (or is disabled); the router is served with the default certificate"));
        Predicate<String> configured = coveredBy(runtime.certificates().certificates());
        resolvers.forEach((name, r) -> r.want(wanted.byResolver().getOrDefault(name, List.of()), configured));
    }

    /** Runs the renewal check of every resolver as of {@code now} (the periodic check uses the clock); completes when done. */
    public CompletableFuture<Void> renewDue(Instant now) {
        return CompletableFuture.allOf(resolvers.values().stream().map(r -> r.renewDue(now)).toArray(CompletableFuture[]::new));
    }

    /** The domains each resolver holds certificates for (admin and tests). */
    public Map<String, List<TlsDomain>> domains() {
        Map<String, List<TlsDomain>> out = new LinkedHashMap<>();
        resolvers.forEach((n, r) -> out.put(n, r.certificates().stream().map(CertificateResolver.Held::domain).toList()));
        return out;
    }

    /** As Traefik: a name a configured certificate already covers is not ordered. */
    private static Predicate<String> coveredBy(List<TlsCertificates.PemPair> configured) {
        List<String> names = new ArrayList<>();
        for (TlsCertificates.PemPair p : configured) {
            try {
                names.addAll(AcmeKeys.names(AcmeKeys.certificates(p.certificatePem()).get(0)));
            } catch (Exception e) {
                // an unreadable certificate covers nothing (reported where it is loaded)
            }
        }
        return n -> names.stream().anyMatch(c -> AcmeKeys.covers(c, n));
    }

    @Override
    public void close() {
        resolvers.values().forEach(CertificateResolver::close);
    }
}
