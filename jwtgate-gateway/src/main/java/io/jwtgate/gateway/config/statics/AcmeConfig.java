package io.jwtgate.gateway.config.statics;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.TlsDomain;
import io.jwtgate.gateway.config.Unsupported;
import io.jwtgate.jwt.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code certificatesResolvers.<name>.acme} and the entry points' {@code http.tls.certResolver} /
 * {@code http.tls.domains} (the defaults of the routers on them that declare no {@code tls}).
 * A resolver whose configuration is wrong is reported and disabled; the routers naming it are
 * served with the default certificate, the other resolvers and routers are unaffected.
 */
public record AcmeConfig(Map<String, Resolver> resolvers, Map<String, EntryPointTls> entryPoints) {

    public static final String LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";
    static final Set<String> KEY_TYPES = Set.of("EC256", "EC384", "RSA2048", "RSA4096", "RSA8192");

    public AcmeConfig {
        resolvers = Map.copyOf(resolvers);
        entryPoints = Map.copyOf(entryPoints);
    }

    public static final AcmeConfig NONE = new AcmeConfig(Map.of(), Map.of());

    /** An entry point's {@code http.tls}: certResolver (or null) and domains for the routers without {@code tls} of their own. */
    public record EntryPointTls(String certResolver, List<TlsDomain> domains) {
        public EntryPointTls {
            domains = List.copyOf(domains);
        }
    }

    /**
     * One ACME resolver, with Traefik's defaults.
     *
     * @param httpChallengeEntryPoint the entry point answering http-01, or null (no httpChallenge)
     * @param certificatesDuration    hours a certificate of this CA lasts (Traefik's renewal rule is derived from it)
     * @param error                   why the resolver is disabled, or null
     */
    public record Resolver(String name, String email, String caServer, Path storage, String keyType, String httpChallengeEntryPoint,
                           Duration httpChallengeDelay, boolean tlsChallenge, Duration tlsChallengeDelay, int certificatesDuration,
                           String preferredChain, String profile, List<String> emailAddresses, String eabKid, String eabHmacEncoded,
                           Duration clientTimeout, Duration certificateTimeout, List<Path> caCertificates, boolean caSystemCertPool,
                           String caServerName, String source, String error) {
        public Resolver {
            emailAddresses = List.copyOf(emailAddresses);
            caCertificates = List.copyOf(caCertificates);
        }
    }

    static AcmeConfig parse(ConfigNode root, Path base, Map<String, EntryPointTls> entryPoints, Set<String> entryPointNames,
                            Consumer<String> warn) throws ConfigException {
        Map<String, Resolver> resolvers = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : root.get("certificatesResolvers").fields().entrySet()) {
            ConfigNode n = e.getValue();
            n.warnUnknownKeys(Set.of("acme", "tailscale"), warn);
            if (n.has("tailscale")) {
                warn.accept(Unsupported.message(n.source(), n.get("tailscale").path(), "Tailscale certificates are not obtained;"
                        + " routers naming resolver '" + e.getKey() + "' get the default certificate"));
            }
            if (!n.has("acme")) {
                continue;
            }
            resolvers.put(e.getKey(), resolver(e.getKey(), n.get("acme"), base, entryPointNames, warn));
        }
        return new AcmeConfig(resolvers, entryPoints);
    }

    private static Resolver resolver(String name, ConfigNode n, Path base, Set<String> entryPointNames, Consumer<String> warn) {
        try {
            n.warnUnknownKeys(Set.of("email", "caServer", "preferredChain", "profile", "emailAddresses", "disableCommonName", "storage",
                    "keyType", "eab", "certificatesDuration", "clientTimeout", "clientResponseHeaderTimeout", "certificateTimeout",
                    "caCertificates", "caSystemCertPool", "caServerName", "dnsChallenge", "httpChallenge", "tlsChallenge"), warn);
            if (n.has("dnsChallenge")) {
                warn.accept(Unsupported.message(n.source(), n.get("dnsChallenge").path(), "the DNS-01 challenge is not implemented"
                        + " (no DNS provider API); use httpChallenge or tlsChallenge, or give certificates in tls.certificates"));
            }
            if (n.get("disableCommonName").bool(false)) {
                warn.accept(Unsupported.message(n.source(), n.get("disableCommonName").path(), "the CSR always carries the first"
                        + " domain as common name"));
            }
            if (!n.get("emailAddresses").stringList().isEmpty()) {
                warn.accept(Unsupported.message(n.source(), n.get("emailAddresses").path(), "the CSR carries no e-mail addresses"
                        + " (only the domains)"));
            }
            if (!n.get("clientResponseHeaderTimeout").duration(Duration.ofSeconds(30)).equals(Duration.ofSeconds(30))) {
                warn.accept(Unsupported.message(n.source(), n.get("clientResponseHeaderTimeout").path(), "there is no separate wait"
                        + " for the CA's response headers: clientTimeout bounds each request to the CA"));
            }
            String keyType = n.get("keyType").string("RSA4096");
            if (!KEY_TYPES.contains(keyType)) {
                // As Traefik: an unknown key type falls back to RSA4096 (logged).
                warn.accept(n.get("keyType").source() + ": " + n.get("keyType").path() + ": unknown key type '" + keyType
                        + "', RSA4096 is used (one of " + new java.util.TreeSet<>(KEY_TYPES) + ")");
                keyType = "RSA4096";
            }
            long hours = n.get("certificatesDuration").integer(90 * 24);
            if (hours < 1) {
                throw n.get("certificatesDuration").error("cannot manage certificates with a duration lower than 1 hour",
                        "set the hours your CA's certificates last (2160 for Let's Encrypt)");
            }
            String storage = n.get("storage").string("acme.json");
            if (storage.isEmpty()) {
                throw n.get("storage").error("is empty: no storage location for the certificates", "set storage: acme.json");
            }
            String httpEntryPoint = null;
            Duration httpDelay = Duration.ZERO;
            if (n.has("httpChallenge")) {
                ConfigNode h = n.get("httpChallenge");
                h.warnUnknownKeys(Set.of("entryPoint", "delay"), warn);
                httpEntryPoint = h.get("entryPoint").requiredString();
                if (!entryPointNames.contains(httpEntryPoint)) {
                    throw h.get("entryPoint").error("entry point '" + httpEntryPoint + "' is not defined",
                            "use one of " + entryPointNames + " (the one on port 80)");
                }
                httpDelay = h.get("delay").duration(Duration.ZERO);
            }
            boolean tls = n.has("tlsChallenge");
            Duration tlsDelay = Duration.ZERO;
            if (tls) {
                n.get("tlsChallenge").warnUnknownKeys(Set.of("delay"), warn);
                tlsDelay = n.get("tlsChallenge").get("delay").duration(Duration.ZERO);
            }
            if (httpEntryPoint == null && !tls) {
                throw n.error("has no challenge jwtgate can answer (httpChallenge or tlsChallenge)",
                        "add `httpChallenge: {entryPoint: web}` or `tlsChallenge: {}`");
            }
            ConfigNode eab = n.get("eab");
            eab.warnUnknownKeys(Set.of("kid", "hmacEncoded"), warn);
            String kid = eab.get("kid").string("");
            String hmac = eab.get("hmacEncoded").string("");
            if (kid.isEmpty() != hmac.isEmpty()) {
                throw eab.error("needs both kid and hmacEncoded", "copy both values from your CA's account page");
            }
            List<Path> cas = new ArrayList<>();
            for (String ca : n.get("caCertificates").stringList()) {
                cas.add(base.resolve(ca));
            }
            return new Resolver(name, n.get("email").string(""), n.get("caServer").string(LETS_ENCRYPT), base.resolve(storage), keyType,
                    httpEntryPoint, httpDelay, tls, tlsDelay, (int) Math.min(Integer.MAX_VALUE, hours), n.get("preferredChain").string(""),
                    n.get("profile").string(""), n.get("emailAddresses").stringList(), kid.isEmpty() ? null : kid, hmac.isEmpty() ? null : hmac,
                    n.get("clientTimeout").duration(Duration.ofMinutes(2)), n.get("certificateTimeout").duration(Duration.ofSeconds(30)),
                    cas, n.get("caSystemCertPool").bool(false), n.get("caServerName").string(""), n.source(), null);
        } catch (ConfigException e) {
            String message = e.getMessage() + "; certificate resolver '" + name + "' is disabled (its routers get the default certificate)";
            warn.accept(message);
            return new Resolver(name, "", "", null, "RSA4096", null, Duration.ZERO, false, Duration.ZERO, 1, "", "", List.of(), null, null,
                    Duration.ZERO, Duration.ZERO, List.of(), false, "", n.source(), message);
        }
    }
}
