package io.jwtgate.gateway.middleware.headers;

import io.vertx.core.MultiMap;
import java.util.Map;

/**
 * The security half of Traefik's {@code headers} middleware, with the semantics of the
 * {@code unrolled/secure} version Traefik v3 uses: the allowed-hosts check on the request, then a
 * fixed set of response headers. HTTPS is the entry point's TLS or one of {@code sslProxyHeaders};
 * {@code Strict-Transport-Security} and {@code Public-Key-Pins} are only sent over HTTPS (or with
 * {@code forceSTSHeader}), and {@code isDevelopment} turns off the host check, STS and HPKP.
 */
final class SecureHeaders {

    private final HeadersOptions.Secure secure;

    SecureHeaders(HeadersOptions.Secure secure) {
        this.secure = secure;
    }

    /** False when {@code allowedHosts} is set and the request's host (or the first non-empty {@code hostsProxyHeaders}) is not in it. */
    boolean hostAllowed(String host, MultiMap request) {
        if (secure.allowedHosts().isEmpty() || secure.isDevelopment()) {
            return true;
        }
        String effective = host;
        for (String header : secure.hostsProxyHeaders()) {
            String h = request.get(header);
            if (h != null && !h.isEmpty()) {
                effective = h;
                break;
            }
        }
        for (String allowed : secure.allowedHosts()) {
            if (allowed.equalsIgnoreCase(effective)) {
                return true;
            }
        }
        return false;
    }

    boolean isHttps(boolean tls, MultiMap request) {
        if (tls) {
            return true;
        }
        for (Map.Entry<String, String> e : secure.sslProxyHeaders().entrySet()) {
            if (e.getValue().equals(request.get(e.getKey()) == null ? "" : request.get(e.getKey()))) {
                return true;
            }
        }
        return false;
    }

    /** The response headers for a request, decided when the request passes (they override the backend's). */
    MultiMap responseHeaders(boolean https) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        Long sts = secure.stsSeconds();
        if (sts != null && sts != 0 && (https || secure.forceSTSHeader()) && !secure.isDevelopment()) {
            h.set("Strict-Transport-Security", "max-age=" + sts + (secure.stsIncludeSubdomains() ? "; includeSubDomains" : "")
                    + (secure.stsPreload() ? "; preload" : ""));
        }
        if (!secure.customFrameOptionsValue().isEmpty()) {
            h.set("X-Frame-Options", secure.customFrameOptionsValue());
        } else if (secure.frameDeny()) {
            h.set("X-Frame-Options", "DENY");
        }
        if (secure.contentTypeNosniff()) {
            h.set("X-Content-Type-Options", "nosniff");
        }
        if (!secure.customBrowserXSSValue().isEmpty()) {
            h.set("X-XSS-Protection", secure.customBrowserXSSValue());
        } else if (secure.browserXssFilter()) {
            h.set("X-XSS-Protection", "1; mode=block");
        }
        if (!secure.publicKey().isEmpty() && https && !secure.isDevelopment()) {
            h.set("Public-Key-Pins", secure.publicKey());
        }
        setIfPresent(h, "Content-Security-Policy", secure.contentSecurityPolicy());
        setIfPresent(h, "Content-Security-Policy-Report-Only", secure.contentSecurityPolicyReportOnly());
        setIfPresent(h, "Referrer-Policy", secure.referrerPolicy());
        setIfPresent(h, "Permissions-Policy", secure.permissionsPolicy());
        return h;
    }

    private static void setIfPresent(MultiMap h, String name, String value) {
        if (!value.isEmpty()) {
            h.set(name, value);
        }
    }
}
