package io.jwtgate.gateway.acme;

import io.jwtgate.gateway.config.TlsDomain;
import io.jwtgate.gateway.config.statics.AcmeConfig;
import io.jwtgate.gateway.runtime.TlsCertificates;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code certificatesResolvers.<name>.acme}: its certificates (from storage at start, then as
 * obtained and renewed), its account, and a worker thread of its own for everything that touches
 * the network or the storage file, so no event loop and no other resolver ever waits for its CA.
 * A certificate that cannot be obtained is logged with the CA's problem document and retried with
 * backoff (30 s doubling up to 30 min); routers meanwhile get the default certificate.
 */
final class CertificateResolver {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateResolver.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration LAST_RETRY = Duration.ofMinutes(30);

    /** A certificate held: the domain it was ordered for, its PEM texts as stored, and what TLS serves. */
    record Held(TlsDomain domain, String certificatePem, String keyPem, Instant notAfter, List<String> names, TlsCertificates.PemPair served) {}

    private record Backoff(Instant next, Duration delay) {}

    private final AcmeConfig.Resolver config;
    private final AcmeJson store;
    private final AcmeClient client;
    private final Runnable changed;
    private final RenewalPolicy renewal;
    private final ScheduledExecutorService worker;
    // Worker-thread state:
    private AcmeJson.Account account;
    private final Set<String> resolving = new HashSet<>();
    private final Map<String, Backoff> failing = new HashMap<>();
    private List<TlsDomain> wanted = List.of();
    private Predicate<String> coveredElsewhere = name -> false;
    /** Read by any thread (TLS setup); replaced, never mutated. */
    private volatile List<Held> held = List.of();
    private volatile String disabled;

    CertificateResolver(AcmeConfig.Resolver config, AcmeJson store, PendingChallenges challenges, Runnable changed) {
        this.config = config;
        this.store = store;
        this.client = new AcmeClient(config, challenges);
        this.changed = changed;
        this.renewal = RenewalPolicy.of(config.certificatesDuration());
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jwtgate-acme-" + config.name());
            t.setDaemon(true);
            return t;
        });
    }

    String name() {
        return config.name();
    }

    /** Reads the stored account and certificates (blocking file I/O: called once at startup, before any event loop serves). */
    void load() {
        try {
            AcmeJson.Section section = store.read(config.name());
            account = section.account();
            List<Held> loaded = new ArrayList<>();
            for (AcmeJson.Stored s : section.certificates()) {
                try {
                    loaded.add(held(s.domain(), AcmeKeys.certificates(s.certificatePem()), s.certificatePem(), s.keyPem()));
                } catch (Exception e) {
                    LOG.error("certificate resolver {}: the stored certificate for {} in {} cannot be read ({}); it will be obtained again",
                            config.name(), s.domain().names(), store.file(), e.getMessage());
                }
            }
            held = List.copyOf(loaded);
            LOG.info("certificate resolver {}: {} certificate(s) loaded from {}", config.name(), loaded.size(), store.file());
        } catch (Exception e) {
            disabled = e.getMessage();
            LOG.error("certificate resolver {}: cannot read its storage {}: {}; it obtains no certificates (its routers get the default"
                    + " certificate)", config.name(), store.file(), e.getMessage());
        }
        worker.scheduleWithFixedDelay(() -> renewDue(Instant.now()), 0, renewal.checkEvery().toMillis(), TimeUnit.MILLISECONDS);
    }

    List<Held> certificates() {
        return held;
    }

    /** The domains its routers need now; orders what no certificate covers yet (on the worker). */
    void want(List<TlsDomain> domains, Predicate<String> coveredByConfigured) {
        worker.execute(() -> {
            wanted = List.copyOf(domains);
            coveredElsewhere = coveredByConfigured;
            for (TlsDomain d : wanted) {
                resolve(d, false);
            }
        });
    }

    /** Renews every certificate that expires within the renew period as of {@code now} (Traefik's check); done when all were tried. */
    CompletableFuture<Void> renewDue(Instant now) {
        return CompletableFuture.runAsync(() -> {
            for (Held h : held) {
                if (h.notAfter().isBefore(now.plus(renewal.renewBefore()))) {
                    LOG.info("certificate resolver {}: renewing the certificate for {} (expires {})", config.name(), h.domain().names(), h.notAfter());
                    obtain(h.domain(), h.domain().names(), h);
                }
            }
        }, worker);
    }

    /** Orders a certificate for the names of {@code d} that nothing covers yet. Worker thread only. */
    private void resolve(TlsDomain d, boolean retry) {
        if (disabled != null) {
            return;
        }
        List<String> unchecked = new ArrayList<>();
        for (String n : d.names()) {
            if (n.startsWith("*")) {
                LOG.error("certificate resolver {}: cannot obtain a wildcard certificate for {}: ACME needs the DNS-01 challenge for"
                        + " wildcards, which jwtgate does not implement", config.name(), n);
                return;
            }
            boolean covered = coveredElsewhere.test(n) || resolving.contains(n)
                    || held.stream().anyMatch(h -> h.names().stream().anyMatch(c -> AcmeKeys.covers(c, n)));
            if (!covered) {
                unchecked.add(n);
            }
        }
        if (unchecked.isEmpty()) {
            return;
        }
        String key = String.join(",", unchecked);
        Backoff b = failing.get(key);
        if (b != null && !retry && Instant.now().isBefore(b.next())) {
            return; // a retry is scheduled
        }
        obtain(new TlsDomain(unchecked.get(0), unchecked.subList(1, unchecked.size())), unchecked, null);
    }

    /** @param renewing the certificate being renewed (its key is reused, as lego does), or null */
    private void obtain(TlsDomain domain, List<String> names, Held renewing) {
        String key = String.join(",", names);
        resolving.addAll(names);
        try {
            if (!client.loggedIn()) {
                AcmeJson.Account registered = client.login(account);
                if (registered != null) {
                    account = registered;
                    store.saveAccount(config.name(), registered);
                }
            }
            KeyPair keys = renewing != null ? AcmeKeys.readKeyPair(renewing.keyPem()) : AcmeKeys.generate(config.keyType());
            List<X509Certificate> chain = client.obtain(names, keys);
            String keyPem = renewing != null ? renewing.keyPem() : AcmeKeys.traditionalPem(keys);
            Held next = held(domain, chain, AcmeKeys.pem(chain), keyPem);
            List<Held> all = new ArrayList<>();
            for (Held h : held) {
                if (!h.domain().equals(domain)) {
                    all.add(h);
                }
            }
            all.add(next);
            held = List.copyOf(all);
            store.saveCertificates(config.name(), all.stream().map(h -> new AcmeJson.Stored(h.domain(), h.certificatePem(), h.keyPem(), "default")).toList());
            failing.remove(key);
            LOG.info("certificate resolver {}: obtained a certificate for {} (valid until {})", config.name(), names, next.notAfter());
            changed.run();
        } catch (Exception e) {
            Backoff previous = failing.get(key);
            Duration delay = previous == null ? FIRST_RETRY : previous.delay().multipliedBy(2);
            delay = delay.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay;
            failing.put(key, new Backoff(Instant.now().plus(delay), delay));
            LOG.error("certificate resolver {}: domain(s) {}: {}; retrying in {}s", config.name(), names, e.getMessage(), delay.toSeconds());
            worker.schedule(() -> {
                if (renewing != null) {
                    obtain(domain, names, held.stream().filter(h -> h.domain().equals(domain)).findFirst().orElse(renewing));
                } else if (wanted.stream().anyMatch(w -> w.names().containsAll(names))) {
                    wanted.stream().filter(w -> w.names().containsAll(names)).findFirst().ifPresent(w -> resolve(w, true));
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            names.forEach(resolving::remove);
        }
    }

    private static Held held(TlsDomain domain, List<X509Certificate> chain, String certPem, String keyPem) throws Exception {
        KeyPair keys = AcmeKeys.readKeyPair(keyPem);
        return new Held(domain, certPem, keyPem, chain.get(0).getNotAfter().toInstant(), AcmeKeys.names(chain.get(0)),
                new TlsCertificates.PemPair(AcmeKeys.pem(chain), AcmeKeys.pkcs8Pem(keys.getPrivate())));
    }

    void close() {
        worker.shutdownNow();
    }
}
