package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.KeySetStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * {@code trustedIssuers} (decision 13): the unverified {@code iss} is matched exactly against the
 * configured issuers and only that entry's key set verifies the token; the entry without
 * {@code issuer}, if any, serves every other issuer. Keys are never mixed across issuers (attacks #19).
 * Multi-tenant template entries ({@code {tenantid}}) are tried, in configuration order, after the exact
 * issuers and before the fallback; their tenant checks run after the signature ({@code claims.IssuerPolicy}).
 */
public final class TrustedIssuersSource implements KeySource {

    private final Map<String, RemoteKeySet> byIssuer;
    private final List<Map.Entry<Predicate<String>, RemoteKeySet>> templates;
    private final RemoteKeySet fallback;

    /** @param fallback the entry without issuer, or null */
    public TrustedIssuersSource(Map<String, RemoteKeySet> byIssuer, RemoteKeySet fallback) {
        this(byIssuer, List.of(), fallback);
    }

    /** @param templates issuer templates (a predicate on the unverified {@code iss}) and their key sets, in order */
    public TrustedIssuersSource(Map<String, RemoteKeySet> byIssuer, List<Map.Entry<Predicate<String>, RemoteKeySet>> templates,
                                RemoteKeySet fallback) {
        this.byIssuer = Map.copyOf(byIssuer);
        this.templates = List.copyOf(templates);
        this.fallback = fallback;
    }

    @Override
    public CompletableFuture<KeyResolution> resolve(KeyRequest request) {
        RemoteKeySet set = request.issuer() == null ? null : byIssuer.get(request.issuer());
        for (int i = 0; set == null && request.issuer() != null && i < templates.size(); i++) {
            if (templates.get(i).getKey().test(request.issuer())) {
                set = templates.get(i).getValue();
            }
        }
        if (set == null) {
            set = fallback;
        }
        if (set == null) {
            return KeyResolution.done(new KeyResolution.Failed(DenyReason.ISSUER_NOT_TRUSTED,
                    request.issuer() == null ? "token has no string iss" : "iss is not a trusted issuer"));
        }
        return set.resolve(request);
    }

    /** Each distinct key set once (several issuers may share one URL). */
    @Override
    public List<KeySetStatus> status() {
        Set<RemoteKeySet> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<KeySetStatus> out = new ArrayList<>();
        List<RemoteKeySet> all = new ArrayList<>(byIssuer.values());
        templates.forEach(t -> all.add(t.getValue()));
        for (RemoteKeySet set : all) {
            if (seen.add(set)) {
                out.addAll(set.status());
            }
        }
        if (fallback != null && seen.add(fallback)) {
            out.addAll(fallback.status());
        }
        return out;
    }

    @Override
    public void close() {
        byIssuer.values().forEach(RemoteKeySet::close);
        templates.forEach(t -> t.getValue().close());
        if (fallback != null) {
            fallback.close();
        }
    }
}
