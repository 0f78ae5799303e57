package io.jwtgate.gateway.middleware.buffering;

import io.jwtgate.gateway.http.SpooledBody;
import io.jwtgate.gateway.http.UpstreamRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * The request as the buffering middleware passes it on, so that every attempt starts from it: the
 * middlewares after it edit the upstream request in place (a prefix stripped, a header added),
 * and oxy sends each attempt a fresh copy of the request it was given.
 */
record UpstreamSnapshot(MultiMap headers, String path, String query, String host, HttpMethod method, Buffer bufferedBody,
                        SpooledBody spooledBody) {

    static UpstreamSnapshot of(UpstreamRequest u) {
        return new UpstreamSnapshot(MultiMap.caseInsensitiveMultiMap().addAll(u.headers()), u.path(), u.query(), u.host(), u.method(),
                u.bufferedBody(), u.spooledBody());
    }

    void restore(UpstreamRequest u) {
        u.headers().clear().addAll(headers);
        u.path(path);
        u.query(query);
        u.host(host);
        u.method(method);
        u.bufferedBody(bufferedBody);
        u.spooledBody(spooledBody);
    }
}
