package io.jwtgate.gateway.http;

import io.vertx.core.MultiMap;
import java.util.List;

/**
 * A request as the entry point admitted it: what the router, the middlewares and the forwarder see.
 *
 * @param authority        the host (and port) the request is for: absolute-form target, else {@code :authority},
 *                         else {@code Host}; empty for an HTTP/1.0 request without one
 * @param routingHost      {@code authority} as {@code Host} rules match it (lower case, no port)
 * @param headers          the client's headers minus hop-by-hop, framing, {@code Expect}, {@code Host} and the
 *                         headers {@code Connection} names; middlewares edit this map
 * @param connectionScoped headers {@code Connection} names that {@code forwardedHeaders.connection} lets through
 *                         the middleware chain; the forwarder removes them
 * @param expectContinue   the client waits for {@code 100 Continue} before sending its body
 */
public record AdmittedRequest(RequestTarget target, String authority, String routingHost, BodyFraming framing,
                              boolean expectContinue, MultiMap headers, List<String> connectionScoped) {

    public AdmittedRequest {
        connectionScoped = List.copyOf(connectionScoped);
    }

    /** The stand-in for a refused request: it is answered at once, but the access log still sees it. */
    public static AdmittedRequest unadmitted() {
        return new AdmittedRequest(new RequestTarget("/", "/", null, null), "", "", BodyFraming.NONE, false,
                MultiMap.caseInsensitiveMultiMap(), List.of());
    }
}
