package io.jwtgate.gateway.server;

import io.jwtgate.gateway.config.statics.EntryPointConfig;
import io.jwtgate.gateway.middleware.Middleware;
import io.jwtgate.gateway.observability.RequestObserver;
import io.jwtgate.gateway.proxy.ForwardedHeaders;
import io.jwtgate.gateway.proxy.Forwarder;
import io.jwtgate.gateway.runtime.Exchange;
import io.jwtgate.gateway.runtime.Responses;
import io.jwtgate.gateway.runtime.RouterRuntime;
import io.jwtgate.gateway.runtime.Runtime;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
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

    public RequestDispatcher(EntryPointConfig entryPoint, Supplier<Runtime> runtime, InternalEndpoints internal,
                             ForwardedHeaders forwardedHeaders, List<RequestObserver> observers, IntSupplier redirectPort) {
        this.entryPoint = entryPoint;
        this.runtime = runtime;
        this.internal = internal;
        this.forwardedHeaders = forwardedHeaders;
        this.observers = List.copyOf(observers);
        this.redirectPort = redirectPort;
    }

    public void handle(HttpServerRequest request, Forwarder forwarder) {
        // Pause first: middlewares may decide asynchronously, and the body must wait for the backend.
        request.pause();
        Exchange exchange = new Exchange(request, entryPoint.name(), entryPoint.tls());
        exchange.maxRequestBodyBytes(entryPoint.maxRequestBodyBytes());
        if (!observers.isEmpty()) {
            request.response().endHandler(v -> {
                int status = request.response().getStatusCode();
                long bytes = request.response().bytesWritten();
                for (RequestObserver observer : observers) {
                    observer.completed(exchange, status, bytes);
                }
            });
        }
        if (internal.handle(exchange)) {
            return;
        }
        if (entryPoint.redirect() != null) {
            redirect(exchange);
            return;
        }
        if (tooLarge(request)) {
            Responses.payloadTooLarge(exchange);
            request.connection().close();
            return;
        }
        RouterRuntime router = runtime.get().match(entryPoint.name(), exchange);
        if (router == null) {
            Responses.notFound(exchange);
            return;
        }
        exchange.routerName(router.name());
        exchange.serviceName(router.serviceName());
        if (router.error() != null) {
            LOG.debug("router {} is disabled: {}", router.name(), router.error());
            Responses.serviceUnavailable(exchange);
            return;
        }
        forwardedHeaders.apply(exchange, request.headers().contains(HttpHeaders.UPGRADE));
        runChain(router, router.chain(), 0, exchange, forwarder);
    }

    private void runChain(RouterRuntime router, List<Middleware> chain, int index, Exchange exchange, Forwarder forwarder) {
        try {
            if (index == chain.size()) {
                router.service().serve(exchange, forwarder);
            } else {
                chain.get(index).handle(exchange, () -> runChain(router, chain, index + 1, exchange, forwarder));
            }
        } catch (RuntimeException e) {
            // A bug, not a client error: fail closed and say where.
            LOG.error("router {}: unexpected failure in step {} of its chain", router.name(), index, e);
            Responses.send(exchange, 500, "Internal Server Error");
        }
    }

    private boolean tooLarge(HttpServerRequest request) {
        long limit = entryPoint.maxRequestBodyBytes();
        if (limit <= 0) {
            return false;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void redirect(Exchange exchange) {
        EntryPointConfig.Redirection r = entryPoint.redirect();
        HttpServerRequest request = exchange.request();
        String scheme = r.scheme();
        int redirectPort = this.redirectPort.getAsInt();
        boolean defaultPort = (scheme.equals("https") && redirectPort == 443) || (scheme.equals("http") && redirectPort == 80);
        String location = scheme + "://" + exchange.host() + (defaultPort ? "" : ":" + redirectPort) + request.uri();
        boolean safe = request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
        int status = r.permanent() ? (safe ? 301 : 308) : (safe ? 302 : 307);
        request.response().setStatusCode(status).putHeader("Location", location).end();
    }
}
