package io.jwtgate.gateway.http;

import java.net.InetAddress;
import java.util.List;

/** What router rules can look at in a request. */
public interface RuleRequest {

    /** Host without port, lower-cased, without a trailing dot. */
    String host();

    /** The decoded request path. */
    String path();

    String method();

    List<String> headers(String name);

    List<String> queryParams(String name);

    /** The address of the peer that opened the connection (X-Forwarded-For is ignored, as in Traefik). */
    InetAddress clientAddress();
}
