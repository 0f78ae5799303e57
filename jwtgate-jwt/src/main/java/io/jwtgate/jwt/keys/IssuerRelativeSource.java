package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.KeySetStatus;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A path-form {@code jwksUrl} (decision 12): the path is appended to the token's {@code iss}
 * ({@code https://idp/realms/x} + {@code /protocol/openid-connect/certs}), one key set per resulting URL,
 * at most {@code maxIssuerKeySets} of them (least recently used evicted). Because the issuer is chosen
 * by the token, when {@code claims} pins {@code iss} the other issuers are refused before any fetch.
 */
public final class IssuerRelativeSource implements KeySource {

    private final String path;
    private final Set<String> allowedIssuers;
    private final Function<URI, RemoteKeySet> factory;
    private final Map<String, RemoteKeySet> sets;

    /** @param allowedIssuers issuers pinned by {@code claims}, or null when not pinned */
    public IssuerRelativeSource(String path, Set<String> allowedIssuers, int maxSets, Function<URI, RemoteKeySet> factory) {
        this.path = path;
        this.allowedIssuers = allowedIssuers;
        this.factory = factory;
        this.sets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RemoteKeySet> eldest) {
                if (size() > maxSets) {
                    eldest.getValue().close();
                    return true;
                }
                return false;
            }
        };
    }

    @Override
    public CompletableFuture<KeyResolution> resolve(KeyRequest request) {
        String iss = request.issuer();
        if (iss == null) {
            return KeyResolution.done(new KeyResolution.Failed(DenyReason.ISSUER_NOT_TRUSTED, "token has no string iss: cannot locate the key set"));
        }
        if (allowedIssuers != null && !allowedIssuers.contains(iss)) {
            return KeyResolution.done(new KeyResolution.Failed(DenyReason.ISSUER_NOT_TRUSTED, "iss is not one of the issuers pinned by claims"));
        }
        URI uri = jwksUri(iss, path);
        if (uri == null) {
            return KeyResolution.done(new KeyResolution.Failed(DenyReason.ISSUER_NOT_TRUSTED, "iss is not an absolute http(s) URL"));
        }
        RemoteKeySet set;
        synchronized (sets) {
            set = sets.computeIfAbsent(uri.toString(), k -> factory.apply(uri));
        }
        return set.resolve(request);
    }

    /** {@code iss} without trailing slashes, then the path; null when {@code iss} is not an http(s) URL with a host. */
    static URI jwksUri(String iss, String path) {
        String base = iss;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        try {
            URI issuer = new URI(base);
            if (!("https".equalsIgnoreCase(issuer.getScheme()) || "http".equalsIgnoreCase(issuer.getScheme()))
                    || issuer.getHost() == null || issuer.getRawQuery() != null || issuer.getRawFragment() != null
                    || issuer.getRawUserInfo() != null) {
                return null;
            }
            return new URI(base + path);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The key sets currently cached (at most {@code maxIssuerKeySets}). */
    @Override
    public List<KeySetStatus> status() {
        List<RemoteKeySet> current;
        synchronized (sets) {
            current = new ArrayList<>(sets.values());
        }
        List<KeySetStatus> out = new ArrayList<>();
        current.forEach(set -> out.addAll(set.status()));
        return out;
    }

    @Override
    public void close() {
        synchronized (sets) {
            sets.values().forEach(RemoteKeySet::close);
            sets.clear();
        }
    }
}
