package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.ReplayableBody;
import io.jwtgate.gateway.http.ResponseWriter;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.http.UpstreamRequest;
import io.jwtgate.gateway.middleware.DetachedHeadFilter;
import io.jwtgate.gateway.middleware.StatusCodeRanges;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Traefik's {@code failover} service ({@code pkg/server/service/loadbalancer/failover}): requests go
 * to {@code service} while it is up (it must report its health: a load balancer with a
 * {@code healthCheck}, or a composite with {@code healthCheck: {}}), to {@code fallback} while it is
 * down; with {@code errors.status}, an answer of {@code service} with one of those statuses is
 * dropped and the request is sent again to {@code fallback} (its body read into memory first, at
 * most {@code errors.maxRequestBodyBytes}, default -1: no limit; a larger one is answered 413). The
 * fallback's health is followed only with {@code healthCheck: {}} here, which also makes the
 * service report (up while either is) to its parents. Neither up: 503.
 */
public final class FailoverService implements ServiceHandler {

    public static final RegisteredService TYPE = new RegisteredService("failover", "configuration.md#failover", (config, ctx) -> {
        ConfigNode n = config.options();
        n.warnUnknownKeys(Set.of("service", "fallback", "healthCheck", "errors"), ctx.warnings());
        n.get("healthCheck").warnUnknownKeys(Set.of(), ctx.warnings());
        ConfigNode errors = n.get("errors");
        errors.warnUnknownKeys(Set.of("status", "maxRequestBodyBytes"), ctx.warnings());
        StatusCodeRanges status = errors.has("status") ? StatusCodeRanges.parse(errors.get("status"), ctx.warnings())
                : StatusCodeRanges.none();
        FailoverService f = new FailoverService(config.name(), status, errors.get("maxRequestBodyBytes").integer(-1), n.has("healthCheck"));
        String mainName = n.get("service").requiredString();
        f.main = ctx.service(mainName, n.get("service"));
        ServiceHandler.Watch mainWatch = f.main.watchHealth(f::mainStatus);
        if (mainWatch == null && status.isEmpty()) {
            throw n.get("service").error("child service " + mainName + " of " + config.name() + " does not report its health"
                    + " (healthCheck not enabled in its configuration)", "give " + mainName + " a healthCheck (a loadBalancer: healthCheck"
                    + " with a path; weighted, mirroring, failover: healthCheck: {}), or set errors.status");
        }
        if (mainWatch != null) {
            f.cancelMain = mainWatch.cancel();
            f.mainUp = mainWatch.upNow();
        }
        String fallbackName = n.get("fallback").requiredString();
        f.fallback = ctx.service(fallbackName, n.get("fallback"));
        if (f.healthCheck) {
            // Only then is the fallback's health followed (Traefik: "Do not report the health of the fallback handler").
            f.fallbackUp = f.children.follow(config.name(), fallbackName, f.fallback, n.get("fallback"), f::fallbackStatus);
        }
        return f;
    });

    private final String name;
    private final StatusCodeRanges errorStatus;
    private final long maxRequestBodyBytes;
    private final boolean healthCheck;
    private final StatusListeners watchers = new StatusListeners();
    private final ChildHealth children = new ChildHealth();
    private ServiceHandler main;
    private ServiceHandler fallback;
    private Runnable cancelMain = () -> { };
    private volatile boolean mainUp = true;
    private volatile boolean fallbackUp = true;

    private FailoverService(String name, StatusCodeRanges errorStatus, long maxRequestBodyBytes, boolean healthCheck) {
        this.name = name;
        this.errorStatus = errorStatus;
        this.maxRequestBodyBytes = maxRequestBodyBytes;
        this.healthCheck = healthCheck;
    }

    private synchronized void mainStatus(boolean up) {
        if (up != mainUp) {
            mainUp = up;
            watchers.publish(mainUp || fallbackUp); // as Traefik: on each change of a child, the OR of both
        }
    }

    private synchronized void fallbackStatus(boolean up) {
        if (up != fallbackUp) {
            fallbackUp = up;
            watchers.publish(mainUp || fallbackUp);
        }
    }

    @Override
    public void serve(Exchange exchange, Forwarder forwarder) {
        exchange.facts().serviceName(name);
        if (!mainUp) {
            serveFallback(exchange, forwarder);
            return;
        }
        if (errorStatus.isEmpty()) {
            main.serve(exchange, forwarder);
            return;
        }
        ReplayableBody.read(exchange, maxRequestBodyBytes, replayable -> {
            if (!replayable) {
                Responses.answer(exchange, 413, "Request body too large\n");
                return;
            }
            UpstreamRequest.Snapshot snapshot = exchange.upstream().snapshot();
            ResponseWriter base = exchange.response();
            exchange.wrapResponse(below -> new MainAttempt(below, () -> {
                exchange.upstream().restore(snapshot, true);
                exchange.resetResponse(base);
                serveFallback(exchange, forwarder);
            }));
            main.serve(exchange, forwarder);
        });
    }

    private void serveFallback(Exchange exchange, Forwarder forwarder) {
        if (fallbackUp) {
            fallback.serve(exchange, forwarder);
        } else {
            Responses.send(exchange, 503, "Service Unavailable\n");
        }
    }

    /** The main service's answer: dropped, head and body, when its status is one of {@code errors.status}, and then the fallback runs. */
    private final class MainAttempt extends DetachedHeadFilter {
        private final Runnable thenFallback;

        MainAttempt(ResponseWriter next, Runnable thenFallback) {
            super(next);
            this.thenFallback = thenFallback;
        }

        @Override
        protected boolean admit(int status) {
            return !errorStatus.contains(status);
        }

        @Override
        protected void discarded(int status) {
            thenFallback.run();
        }
    }

    @Override
    public Watch watchHealth(Consumer<Boolean> listener) {
        return healthCheck ? watchers.add(listener, mainUp || fallbackUp) : null;
    }

    @Override
    public void close() {
        cancelMain.run();
        children.close();
    }
}
