package io.jwtgate.gateway.middleware.retry;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.UpstreamRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * The request as the retry middleware passes it on, so that every attempt starts from it: the
 * middlewares after the retry edit the upstream request in place (a prefix stripped, a header
 * added), and Traefik gives each attempt a fresh clone of the request.
 */
record UpstreamSnapshot(MultiMap headers, String path, String query, String host, HttpMethod method, Buffer bufferedBody,
                        Buffer bodyPrefix) {

    static UpstreamSnapshot of(UpstreamRequest u) {
        return new UpstreamSnapshot(MultiMap.caseInsensitiveMultiMap().addAll(u.headers()), u.path(), u.query(), u.host(), u.method(),
                u.bufferedBody(), u.bodyPrefix());
    }

    /**
     * Puts the request back as it was. A body that a middleware of the attempt read whole from the
     * client (the request has ended) stays: it cannot be read twice, and it is the client's body.
     */
    void restore(Exchange exchange) {
        UpstreamRequest u = exchange.upstream();
        u.headers().clear().addAll(headers);
        u.path(path);
        u.query(query);
        u.host(host);
        u.method(method);
        boolean readByTheAttempt = bufferedBody == null && u.bufferedBody() != null && exchange.request().isEnded();
        if (!readByTheAttempt) {
            u.bufferedBody(bufferedBody);
        }
        u.bodyPrefix(bodyPrefix);
    }
}
