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

/**
 * {@code trustedIssuers} (decision 13): the unverified {@code iss} is matched exactly against the
 * configured issuers and only that entry's key set verifies the token; the entry without
 * {@code issuer}, if any, serves every other issuer. Keys are never mixed across issuers (attacks #19).
 */
public final class TrustedIssuersSource implements KeySource {

    private final Map<String, RemoteKeySet> byIssuer;
    private final RemoteKeySet fallback;

    /** @param fallback the entry without issuer, or null */
    public TrustedIssuersSource(Map<String, RemoteKeySet> byIssuer, RemoteKeySet fallback) {
        this.byIssuer = Map.copyOf(byIssuer);
        this.fallback = fallback;
    }

    @Override
    public CompletableFuture<KeyResolution> resolve(KeyRequest request) {
        RemoteKeySet set = request.issuer() == null ? null : byIssuer.get(request.issuer());
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
        for (RemoteKeySet set : byIssuer.values()) {
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
        if (fallback != null) {
            fallback.close();
        }
    }
}
