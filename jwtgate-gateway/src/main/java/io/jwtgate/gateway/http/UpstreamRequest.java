package io.jwtgate.gateway.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * The request that will be sent to the backend: middlewares edit its headers, path and query,
 * never the client's originals. Starts as the entry point admitted it. One per exchange, on one
 * event loop.
 */
public final class UpstreamRequest {

    private final MultiMap headers;
    private String path;
    private String query;
    private String host;
    private HttpMethod method;
    private Buffer bufferedBody;
    private Buffer bodyPrefix;
    private BodyTransform bodyTransform;
    private SpooledBody spooledBody;
    private long maxBodyBytes;

    UpstreamRequest(MultiMap headers, String path, String query) {
        this.headers = headers;
        this.path = path;
        this.query = query;
    }

    /** Headers that will be sent upstream; middlewares add and remove here. */
    public MultiMap headers() {
        return headers;
    }

    /**
     * The {@code Host} a middleware chose ({@code customRequestHeaders: {Host: ...}}), or null for the
     * client's. Sent when the service passes the host header, as Traefik does.
     */
    public String host() {
        return host;
    }

    public void host(String host) {
        this.host = host;
    }

    /** The method a middleware chose (an error page is fetched with GET), or null for the client's. */
    public HttpMethod method() {
        return method;
    }

    public void method(HttpMethod method) {
        this.method = method;
    }

    /** The normalized, percent-encoded path that will be sent upstream. */
    public String path() {
        return path;
    }

    public void path(String path) {
        this.path = path;
    }

    /** The raw query, null when the request has none. */
    public String query() {
        return query;
    }

    public void query(String query) {
        this.query = query;
    }

    public String uri() {
        return query == null ? path : path + "?" + query;
    }

    /** A body already read into memory by a middleware (e.g. to look for a form field); sent instead of streaming. */
    public Buffer bufferedBody() {
        return bufferedBody;
    }

    public void bufferedBody(Buffer body) {
        this.bufferedBody = body;
    }

    /**
     * The first bytes of the body, already read from the client by a middleware that gave up
     * buffering it whole (the retry's {@code maxRequestBodyBytes}); the forwarder sends them, then
     * streams the rest. Null when nothing was read ahead.
     */
    public Buffer bodyPrefix() {
        return bodyPrefix;
    }

    public void bodyPrefix(Buffer prefix) {
        this.bodyPrefix = prefix;
    }

    /** How the body is rewritten as it streams to the backend, or null for as the client sent it. */
    public BodyTransform bodyTransform() {
        return bodyTransform;
    }

    public void bodyTransform(BodyTransform transform) {
        this.bodyTransform = transform;
    }

    /**
     * A body already read whole by a middleware but kept partly outside memory (see {@link SpooledBody});
     * sent instead of streaming when {@link #bufferedBody()} is null.
     */
    public SpooledBody spooledBody() {
        return spooledBody;
    }

    public void spooledBody(SpooledBody body) {
        this.spooledBody = body;
    }

    /** The entry point's request body limit; 0 means unlimited. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    public void maxBodyBytes(long limit) {
        this.maxBodyBytes = limit;
    }

    /**
     * What the middlewares may change, as it is now. A middleware that sends the request more than
     * once (retry, buffering) takes one before the first attempt and {@link #restore}s it before
     * each next one: the middlewares after it edit the request in place, and Traefik gives each
     * attempt a fresh clone of the request.
     */
    public Snapshot snapshot() {
        return new Snapshot(MultiMap.caseInsensitiveMultiMap().addAll(headers), path, query, host, method, bufferedBody, bodyPrefix,
                spooledBody, bodyTransform);
    }

    /**
     * Puts the request back as it was when {@code snapshot} was taken. A body that a middleware of
     * the last attempt read whole from the client ({@code clientBodyEnded}) stays: it cannot be
     * read twice, and it is the client's body.
     */
    public void restore(Snapshot snapshot, boolean clientBodyEnded) {
        headers.clear().addAll(snapshot.headers());
        path = snapshot.path();
        query = snapshot.query();
        host = snapshot.host();
        method = snapshot.method();
        bodyPrefix = snapshot.bodyPrefix();
        bodyTransform = snapshot.bodyTransform();
        boolean snapshotHadNoBody = snapshot.bufferedBody() == null && snapshot.spooledBody() == null;
        boolean readByTheAttempt = snapshotHadNoBody && (bufferedBody != null || spooledBody != null) && clientBodyEnded;
        if (!readByTheAttempt) {
            bufferedBody = snapshot.bufferedBody();
            spooledBody = snapshot.spooledBody();
        }
    }

    /** See {@link #snapshot()}; the headers are a copy. */
    public record Snapshot(MultiMap headers, String path, String query, String host, HttpMethod method, Buffer bufferedBody,
                           Buffer bodyPrefix, SpooledBody spooledBody, BodyTransform bodyTransform) {}
}
