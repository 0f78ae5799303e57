package io.jwtgate.jwt.keys;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.jwtgate.jwt.FetchFailure;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code oidcIssuer} (extension): OpenID Connect Discovery 1.0. The document at
 * {@code <issuer>/.well-known/openid-configuration} must name exactly this {@code issuer} (section 4.3)
 * and give an https {@code jwks_uri} (http only on loopback); that URL is then fetched as the key set.
 * The document is cached like a key set (cache headers, clamped) and consulted only when the key set is
 * (re)fetched; when it cannot be refreshed, the last known {@code jwks_uri} keeps being used.
 */
public final class OidcDiscovery implements KeySetLoader {

    private static final Logger LOG = LoggerFactory.getLogger(OidcDiscovery.class);

    /** The cached {@code jwks_uri} and until when the document is fresh. */
    private record Cached(URI jwksUri, long expiresAt) {}

    private final String issuer;
    private final URI discoveryUri;
    private final JwksFetcher fetcher;
    private final Clock clock;
    private final String name;
    private volatile Cached cached;

    public OidcDiscovery(String issuer, JwksFetcher fetcher, Clock clock, String name) {
        this.issuer = issuer;
        this.discoveryUri = discoveryUri(issuer);
        this.fetcher = fetcher;
        this.clock = clock;
        this.name = name;
    }

    /** {@code issuer} without trailing slashes, then {@code /.well-known/openid-configuration}. */
    public static URI discoveryUri(String issuer) {
        String base = issuer;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/.well-known/openid-configuration");
    }

    public URI discoveryUri() {
        return discoveryUri;
    }

    @Override
    public CompletableFuture<FetchResult> load(long nowMillis) {
        Cached c = cached;
        if (c != null && nowMillis < c.expiresAt) {
            return fetcher.fetch(c.jwksUri, nowMillis);
        }
        return fetcher.downloader().get(discoveryUri, "application/json").thenCompose(download -> {
            Object located = switch (download) {
                case Download.Failed failed -> failed.toResult();
                case Download.Ok ok -> locate(ok, nowMillis);
            };
            if (located instanceof URI jwksUri) {
                return fetcher.fetch(jwksUri, nowMillis);
            }
            FetchResult.Failed failed = (FetchResult.Failed) located;
            Cached previous = cached;
            if (previous != null) {
                LOG.warn("[{}] OpenID discovery {} failed ({}: {}); using the last known jwks_uri {}", name, discoveryUri,
                        failed.cause(), failed.message(), previous.jwksUri);
                return fetcher.fetch(previous.jwksUri, nowMillis);
            }
            return CompletableFuture.completedFuture(failed);
        });
    }

    /** The {@code jwks_uri} of a valid document (and caches it), or a {@link FetchResult.Failed}. */
    private Object locate(Download.Ok ok, long nowMillis) {
        Map<String, Object> doc;
        try {
            doc = JSONObjectUtils.parse(new String(ok.body(), StandardCharsets.UTF_8));
        } catch (java.text.ParseException | RuntimeException e) {
            return new FetchResult.Failed(discoveryUri, FetchFailure.INVALID_JSON, "discovery document is not a JSON object");
        }
        if (!issuer.equals(doc.get("issuer"))) {
            return new FetchResult.Failed(discoveryUri, FetchFailure.INVALID_DISCOVERY,
                    "discovery document names issuer " + printable(doc.get("issuer")) + ", not the configured " + issuer);
        }
        URI jwksUri = doc.get("jwks_uri") instanceof String s ? httpsOrLoopback(s) : null;
        if (jwksUri == null) {
            return new FetchResult.Failed(discoveryUri, FetchFailure.INVALID_DISCOVERY,
                    "discovery document has no usable jwks_uri (an https URL, or http on a loopback host)");
        }
        Duration ttl = fetcher.downloader().policy().clampTtl(CacheHeaders.lifetime(ok.headers(), nowMillis));
        Cached previous = cached;
        cached = new Cached(jwksUri, clock.millis() + ttl.toMillis());
        if (previous == null || !previous.jwksUri.equals(jwksUri)) {
            LOG.info("[{}] OpenID discovery {}: jwks_uri is {}", name, discoveryUri, jwksUri);
        }
        return jwksUri;
    }

    private static String printable(Object value) {
        String s = String.valueOf(value);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    static URI httpsOrLoopback(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || uri.getRawUserInfo() != null) {
                return null;
            }
            if (scheme.equals("https")) {
                return uri;
            }
            return scheme.equals("http") && isLoopback(uri.getHost()) ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
