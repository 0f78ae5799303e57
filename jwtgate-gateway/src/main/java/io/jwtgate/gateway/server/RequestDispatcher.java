package io.jwtgate.gateway.server;

import io.jwtgate.gateway.config.statics.EntryPointConfig;
import io.jwtgate.gateway.http.AdmittedRequest;
import io.jwtgate.gateway.http.BodyFraming;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Refusal;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.observability.RequestObserver;
import io.jwtgate.gateway.proxy.ForwardedHeaders;
import io.jwtgate.gateway.proxy.Forwarder;
import io.jwtgate.gateway.proxy.ServiceLookup;
import io.jwtgate.gateway.runtime.RouterRuntime;
import io.jwtgate.gateway.runtime.Runtime;
import io.jwtgate.gateway.server.tls.TlsServerOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-request path of one entry point: ping, redirection, body-size check, route, middleware
 * chain, service. It reads the current runtime once, so a request finishes on the snapshot it started with.
 */
public final class RequestDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    private final EntryPointConfig entryPoint;
    private final Supplier<Runtime> runtime;
    private final InternalEndpoints internal;
    private final ForwardedHeaders forwardedHeaders;
    private final List<RequestObserver> observers;
    private final IntSupplier redirectPort;
    private final RequestAdmission admission;

    public RequestDispatcher(EntryPointConfig entryPoint, Supplier<Runtime> runtime, InternalEndpoints internal,
                             ForwardedHeaders forwardedHeaders, List<RequestObserver> observers, IntSupplier redirectPort) {
        this.entryPoint = entryPoint;
        this.runtime = runtime;
        this.internal = internal;
        this.forwardedHeaders = forwardedHeaders;
        this.observers = List.copyOf(observers);
        this.redirectPort = redirectPort;
        this.admission = new RequestAdmission(entryPoint.targetRules(), entryPoint.underscoreHeaders(),
                entryPoint.forwardedHeaders().connection());
    }

    public void handle(HttpServerRequest request, Forwarder forwarder) {
        // Pause first: middlewares may decide asynchronously, and the body must wait for the backend.
        request.pause();
        RequestAdmission.Admission admission = this.admission.admit(request);
        AdmittedRequest admitted = admission instanceof RequestAdmission.Admitted a ? a.request() : AdmittedRequest.unadmitted();
        // The connection's own kind: an entry point without http.tls serves TLS and cleartext connections on one port.
        Exchange exchange = new Exchange(request, entryPoint.name(), request.isSSL(), admitted);
        exchange.upstream().maxBodyBytes(entryPoint.maxRequestBodyBytes());
        // One owner for the client's failure signals (reset stream, closed connection, bad chunk): whoever
        // waits on the client (the forwarder, a body reader) registers with exchange.onAbort.
        request.exceptionHandler(err -> exchange.abort());
        request.response().exceptionHandler(err -> exchange.abort());
        request.response().closeHandler(v -> exchange.abort());
        request.response().endHandler(v -> {
            if (!observers.isEmpty()) {
                int status = request.response().getStatusCode();
                long bytes = request.response().bytesWritten();
                for (RequestObserver observer : observers) {
                    observer.completed(exchange, status, bytes);
                }
            }
            exchange.finish();
            if (!request.isEnded() && request.version() != HttpVersion.HTTP_2) {
                discardUnreadBody(request);
            }
        });
        if (admission instanceof RequestAdmission.Refused refused) {
            refuse(exchange, refused.refusal());
            return;
        }
        if (internal.handle(exchange)) {
            return;
        }
        if (entryPoint.redirect() != null) {
            redirect(exchange);
            return;
        }
        if (tooLarge(exchange)) {
            Responses.payloadTooLarge(exchange);
            request.connection().close();
            return;
        }
        Runtime snapshot = runtime.get();
        RouterRuntime router = snapshot.match(entryPoint.name(), exchange);
        if (router == null) {
            Responses.notFound(exchange);
            return;
        }
        exchange.facts().routerName(router.name());
        exchange.facts().serviceName(router.serviceName());
        if (router.tlsOptions() != null && !router.tlsOptions().equals(TlsServerOptions.negotiated(request.sslSession()))) {
            // Traefik's SNI check: the connection was set up for a name with other TLS options (domain fronting
            // around mutual TLS, or options edited since): the request must come on a connection of its own.
            LOG.debug("router {} expects TLS options {}, the connection has {}", router.name(), router.tlsOptions(),
                    TlsServerOptions.negotiated(request.sslSession()));
            Responses.send(exchange, 421, "Misdirected Request");
            return;
        }
        if (router.error() != null) {
            LOG.debug("router {} is disabled: {}", router.name(), router.error());
            Responses.serviceUnavailable(exchange);
            return;
        }
        forwardedHeaders.apply(exchange, request.headers().contains(HttpHeaders.UPGRADE));
        exchange.attribute(Forwarder.KEY, forwarder);
        exchange.attribute(ServiceLookup.KEY, snapshot);
        router.serve(exchange, forwarder);
    }

    private boolean tooLarge(Exchange exchange) {
        long limit = entryPoint.maxRequestBodyBytes();
        return limit > 0 && exchange.framing() instanceof BodyFraming.Length length && length.bytes() > limit;
    }

    /**
     * Answers a request the entry point refused. When its framing cannot be trusted, the connection is
     * closed after the answer: the bytes after it may be a smuggled request, and are never read.
     */
    private static void refuse(Exchange exchange, Refusal refusal) {
        LOG.debug("entry point {}: request refused with {}: {}", exchange.entryPoint(), refusal.status(), refusal.reason());
        HttpServerRequest request = exchange.request();
        boolean close = refusal.closeConnection() && request.version() != HttpVersion.HTTP_2;
        if (close) {
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        Responses.send(exchange, refusal.status(), refusal.body());
        if (close) {
            request.connection().close();
        } else {
            // Let the codec consume what is left of the request so the connection stays usable.
            request.resume();
        }
    }

    /** Go's net/http: what is left of an unread body after the answer is read and dropped, up to 256 KiB. */
    private static final long MAX_DISCARDED_BODY = 256 * 1024;

    /**
     * The answer has ended while the client's body is not read to its end (a backend that answered
     * early, a refused attempt, a pause that nobody lifts): as Go's server does after the handler
     * returned, the rest is read and dropped, so that the connection's next request is read, or, past
     * 256 KiB, the connection is closed. Left paused, the connection would never read that next request.
     */
    private static void discardUnreadBody(HttpServerRequest request) {
        long[] dropped = {0};
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > MAX_DISCARDED_BODY) {
                request.handler(null);
                request.connection().close();
            }
        });
        request.endHandler(null);
        request.resume();
    }

    private void redirect(Exchange exchange) {
        EntryPointConfig.Redirection r = entryPoint.redirect();
        HttpServerRequest request = exchange.request();
        String scheme = r.scheme();
        int redirectPort = this.redirectPort.getAsInt();
        boolean defaultPort = (scheme.equals("https") && redirectPort == 443) || (scheme.equals("http") && redirectPort == 80);
        String location = scheme + "://" + exchange.host() + (defaultPort ? "" : ":" + redirectPort) + exchange.upstream().uri();
        boolean safe = request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
        int status = r.permanent() ? (safe ? 301 : 308) : (safe ? 302 : 307);
        request.response().setStatusCode(status).putHeader("Location", location).end();
    }
}
