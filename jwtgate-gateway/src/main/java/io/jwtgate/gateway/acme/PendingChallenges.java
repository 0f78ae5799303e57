package io.jwtgate.gateway.acme;

import io.jwtgate.gateway.runtime.AcmeChallenges;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The challenges the resolvers have presented to their CA and not yet cleaned up: http-01 key
 * authorizations by token and domain (as Traefik's {@code ChallengeHTTP}), tls-alpn-01
 * certificates by domain. Written by the resolvers' workers, read by the entry points' event loops.
 */
final class PendingChallenges implements AcmeChallenges {

    private final Set<String> httpEntryPoints;
    private final Map<String, Map<String, String>> http = new ConcurrentHashMap<>();
    private final Map<String, ChallengeCertificate> tls = new ConcurrentHashMap<>();

    PendingChallenges(Set<String> httpEntryPoints) {
        this.httpEntryPoints = Set.copyOf(httpEntryPoints);
    }

    @Override
    public boolean answersHttp01(String entryPoint) {
        return httpEntryPoints.contains(entryPoint);
    }

    @Override
    public String http01(String token, String host) {
        Map<String, String> byDomain = http.get(token);
        return byDomain == null ? null : byDomain.get(normal(host));
    }

    @Override
    public ChallengeCertificate tlsAlpn01(String serverName) {
        return tls.get(normal(serverName));
    }

    void presentHttp(String domain, String token, String keyAuthorization) {
        http.computeIfAbsent(token, t -> new ConcurrentHashMap<>()).put(normal(domain), keyAuthorization);
    }

    void cleanUpHttp(String domain, String token) {
        http.computeIfPresent(token, (t, byDomain) -> {
            byDomain.remove(normal(domain));
            return byDomain.isEmpty() ? null : byDomain;
        });
    }

    void presentTls(String domain, ChallengeCertificate certificate) {
        tls.put(normal(domain), certificate);
    }

    void cleanUpTls(String domain) {
        tls.remove(normal(domain));
    }

    private static String normal(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
