package io.jwtgate.gateway.http;

import java.net.InetAddress;
import java.util.List;

/** What router rules can look at in a request. */
public interface RuleRequest {

    /** Host without port, lower-cased, without a trailing dot. */
    String host();

    /**
     * The authority the request names (absolute-form target, {@code :authority} or {@code Host}),
     * with its port, as written: Traefik's host matchers derive their host from it.
     */
    default String authority() {
        return host();
    }

    /** The routing path: escapes of unreserved characters decoded, those of reserved characters kept ({@code %2F}). */
    String path();

    String method();

    List<String> headers(String name);

    List<String> queryParams(String name);

    /** The address of the peer that opened the connection (X-Forwarded-For is ignored, as in Traefik). */
    InetAddress clientAddress();
}
