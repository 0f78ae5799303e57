package io.jwtgate.gateway.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One request on its way through the gateway: the client's request and its lifecycle (abort,
 * {@code 100-continue}), the view rules match against ({@link RuleRequest}), the request that will
 * be sent upstream ({@link #upstream()}), the response modifiers middlewares register, and what the access log
 * will report ({@link #facts()}). Lives on one event loop; not shared between threads.
 *
 * <p>Host, path, query, headers and body framing come from the entry point's admission
 * ({@code server.RequestAdmission}): rules, middlewares and the forwarder all read that one view.
 */
public final class Exchange implements RuleRequest {

    private final HttpServerRequest request;
    private final String entryPoint;
    private final boolean tls;
    private final long startNanos = System.nanoTime();
    private final String routingHost;
    private final String routingPath;
    private final String authority;
    private final BodyFraming framing;
    private final List<String> connectionScoped;
    private final UpstreamRequest upstream;
    private final ExchangeFacts facts = new ExchangeFacts();
    private boolean expectContinue;
    private List<Runnable> onAbort;
    private boolean aborted;
    private InetAddress clientAddress;
    private ResponseWriter response;
    private Object[] attributes;
    private String receivedForwardedFor;
    private List<Runnable> onFinish;
    private boolean finished;
    private final boolean detached;

    public Exchange(HttpServerRequest request, String entryPoint, boolean tls, AdmittedRequest admitted) {
        this.request = request;
        this.entryPoint = entryPoint;
        this.tls = tls;
        this.authority = admitted.authority();
        this.routingHost = admitted.routingHost();
        this.routingPath = admitted.target().routingPath();
        this.upstream = new UpstreamRequest(admitted.headers(), admitted.target().forwardPath(), admitted.target().query());
        this.framing = admitted.framing();
        this.expectContinue = admitted.expectContinue();
        this.connectionScoped = admitted.connectionScoped();
        this.response = new ClientResponse(request.response(), request.version());
        this.detached = false;
    }

    private Exchange(Exchange original, UpstreamRequest.Snapshot snapshot, ResponseWriter sink) {
        this.request = original.request;
        this.entryPoint = original.entryPoint;
        this.tls = original.tls;
        this.authority = original.authority;
        this.routingHost = original.routingHost;
        this.routingPath = original.routingPath;
        this.upstream = new UpstreamRequest(MultiMap.caseInsensitiveMultiMap(), snapshot.path(), snapshot.query());
        this.upstream.restore(snapshot, false);
        this.upstream.maxBodyBytes(original.upstream.maxBodyBytes());
        boolean hasBody = snapshot.bufferedBody() != null || snapshot.spooledBody() != null;
        this.framing = hasBody ? BodyFraming.STREAM : BodyFraming.NONE;
        this.connectionScoped = original.connectionScoped;
        this.receivedForwardedFor = original.receivedForwardedFor;
        this.response = sink;
        this.detached = true;
    }

    /**
     * A copy for a request the gateway sends on its own besides the client's (a {@code mirroring}
     * service's mirrors): the upstream request as {@code snapshot} holds it (its body, if any, held
     * in memory or spooled: nothing is read from the client), the client's request only for what
     * it says (method, version, address), its own facts and lifecycle, and {@code sink} as its
     * response. Nothing it does reaches the client or its connection.
     */
    public Exchange detachedCopy(UpstreamRequest.Snapshot snapshot, ResponseWriter sink) {
        return new Exchange(this, snapshot, sink);
    }

    /** True for a {@link #detachedCopy}: the forwarder never upgrades it nor touches the client's connection for it. */
    public boolean detached() {
        return detached;
    }

    public HttpServerRequest request() {
        return request;
    }

    /**
     * Where the response is written: the top of the stack of {@link ResponseWriter}s (the client's
     * response under the filters middlewares pushed). Every writer of a response writes here.
     */
    public ResponseWriter response() {
        return response;
    }

    /**
     * Pushes a filter on the response stack: everything written from now on passes through it
     * before the filters pushed earlier. Returns the filter.
     */
    public <F extends ResponseFilter> F wrapResponse(Function<ResponseWriter, F> filter) {
        F f = filter.apply(response);
        response = f;
        return f;
    }

    /**
     * Makes {@code writer} the top of the stack again, dropping the filters pushed above it: a
     * middleware that runs the rest of the chain more than once (retry) starts each attempt from
     * its own filter, as Traefik gives each attempt a fresh writer.
     */
    public void resetResponse(ResponseWriter writer) {
        this.response = writer;
    }

    /** The client's Vert.x response itself, for the entry point's lifecycle (handlers, bytes written). */
    public HttpServerResponse clientResponse() {
        return request.response();
    }

    /** The value in this slot, or null. */
    public <T> T attribute(ExchangeKey<T> key) {
        return attributes == null ? null : key.cast(attributes[key.index]);
    }

    public <T> void attribute(ExchangeKey<T> key, T value) {
        if (attributes == null) {
            attributes = new Object[ExchangeKey.MAX];
        }
        attributes[key.index] = value;
    }

    public String entryPoint() {
        return entryPoint;
    }

    public boolean isTls() {
        return tls;
    }

    public long startNanos() {
        return startNanos;
    }

    /** The request that will be sent to the backend (headers, path, query, buffered body); middlewares edit it. */
    public UpstreamRequest upstream() {
        return upstream;
    }

    /** What the access log and metrics will report (router, service, user, JWT reason, backend address). */
    public ExchangeFacts facts() {
        return facts;
    }

    /**
     * The {@code X-Forwarded-For} a trusted proxy sent (the entry point's {@code forwardedHeaders}),
     * before the entry point appended the peer's address; null when the peer is not trusted or sent
     * none. What Traefik's {@code ipStrategy.depth} and {@code excludedIPs} read.
     */
    public String receivedForwardedFor() {
        return receivedForwardedFor;
    }

    public void receivedForwardedFor(String value) {
        this.receivedForwardedFor = value;
    }

    /**
     * Registers a modifier for the response head, whoever writes it: pushed on the response stack
     * like any filter, so the one registered last (innermost) runs first (see {@link ResponseModifier}).
     */
    public void onResponseHead(ResponseModifier modifier) {
        wrapResponse(next -> new HeadModifierFilter(next, modifier));
    }

    /** The host and port the request is for (absolute-form target, :authority or Host); empty if the client named none. */
    public String authority() {
        return authority;
    }

    /**
     * The authority the request is for as it will reach the backend: a middleware's {@code Host}
     * override ({@link UpstreamRequest#host()}) or else the client's {@link #authority()}. What
     * Traefik's middlewares read as {@code req.Host}.
     */
    public String requestAuthority() {
        String override = upstream.host();
        return override != null ? override : authority;
    }

    /** How the client's body is delimited, decided at the entry point. */
    public BodyFraming framing() {
        return framing;
    }

    /** Headers named in the client's Connection header that must be removed before forwarding. */
    public List<String> connectionScoped() {
        return connectionScoped;
    }

    /**
     * Sends {@code 100 Continue} if the client asked for it and it was not sent yet. Called by
     * whoever first reads the body, i.e. only once the middlewares accepted the request.
     */
    public void continueIfExpected() {
        if (expectContinue) {
            expectContinue = false;
            if (!request.response().headWritten() && !request.response().closed()) {
                request.response().writeContinue();
            }
        }
    }

    /** True once the client went away or the request failed (reset stream, closed connection, bad chunk). */
    public boolean aborted() {
        return aborted;
    }

    /** Runs {@code action} when the exchange is aborted, or at once if it already is. */
    public void onAbort(Runnable action) {
        if (aborted) {
            action.run();
            return;
        }
        if (onAbort == null) {
            onAbort = new ArrayList<>(2);
        }
        onAbort.add(action);
    }

    /** Called by the entry point when the client's stream or connection fails. */
    public void abort() {
        if (aborted) {
            return;
        }
        aborted = true;
        if (onAbort != null) {
            List<Runnable> actions = onAbort;
            onAbort = null;
            actions.forEach(Runnable::run);
        }
        finish();
    }

    /** Runs {@code action} once when the exchange is over (response ended or exchange aborted), or at once if it is. */
    public void onFinish(Runnable action) {
        if (finished) {
            action.run();
            return;
        }
        if (onFinish == null) {
            onFinish = new ArrayList<>(2);
        }
        onFinish.add(action);
    }

    /** Called by the entry point when the response has ended, and by {@link #abort}; runs the finish actions once. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (onFinish != null) {
            List<Runnable> actions = onFinish;
            onFinish = null;
            actions.forEach(Runnable::run);
        }
    }

    // ---- RuleRequest -------------------------------------------------------------------------

    @Override
    public String host() {
        return routingHost;
    }

    @Override
    public String path() {
        return routingPath;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public List<String> headers(String name) {
        return upstream.headers().getAll(name);
    }

    /** Query parameter names are case-sensitive, as in Traefik. */
    @Override
    public List<String> queryParams(String name) {
        return exactQueryParams(name);
    }

    private List<String> exactQueryParams(String name) {
        List<String> out = new ArrayList<>();
        String query = upstream.query();
        if (query == null) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            try {
                if (URLDecoder.decode(k, StandardCharsets.UTF_8).equals(name)) {
                    out.add(URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            } catch (IllegalArgumentException ignored) {
                // a malformed pair never matches
            }
        }
        return out;
    }

    @Override
    public InetAddress clientAddress() {
        if (clientAddress == null) {
            SocketAddress remote = request.remoteAddress();
            if (remote != null && remote.hostAddress() != null) {
                try {
                    // An IP literal: no DNS lookup happens.
                    clientAddress = InetAddress.getByName(remote.hostAddress());
                } catch (UnknownHostException e) {
                    clientAddress = null;
                }
            }
        }
        return clientAddress;
    }

    public String clientIp() {
        SocketAddress remote = request.remoteAddress();
        return remote == null ? "" : remote.hostAddress();
    }
}
