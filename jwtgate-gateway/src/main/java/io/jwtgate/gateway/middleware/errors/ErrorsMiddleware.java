package io.jwtgate.gateway.middleware.errors;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.http.StatusText;
import io.jwtgate.gateway.http.UpstreamRequest;
import io.jwtgate.gateway.middleware.MiddlewareType;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.gateway.proxy.Forwarder;
import io.jwtgate.gateway.proxy.ServiceHandler;
import io.jwtgate.gateway.proxy.ServiceLookup;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traefik's {@code errors} middleware: a response with a status in {@code status}, whoever wrote
 * it (the backend, the gateway's own 502/503/504, a middleware later in the chain such as a 401),
 * is replaced by a page fetched from {@code service}. The page request is a {@code GET} of
 * {@link PageTarget} with no body, the request's Host and (all or {@code errorRequestHeaders})
 * headers; the client gets the caught status (or its {@code statusRewrites} target) with the
 * page's headers and body. The caught response's head and body are dropped. Responses outside the
 * ranges are streamed untouched. When the page service fails, its failure's body is what the
 * client gets, still with the caught status, as in Traefik.
 */
public final class ErrorsMiddleware implements Middleware {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorsMiddleware.class);

    public static final RegisteredType TYPE = new RegisteredType("errors", "configuration.md#errors", MiddlewareType.readingServices(
            (config, ctx) -> new ErrorsMiddleware(config.name(), ErrorsOptions.parse(config.options(), config.name(), ctx))));

    private final String name;
    private final ErrorsOptions options;

    public ErrorsMiddleware(String name, ErrorsOptions options) {
        this.name = name;
        this.options = options;
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        Context context = Vertx.currentContext();
        CodeCatcher[] catcher = new CodeCatcher[1];
        catcher[0] = exchange.wrapResponse(below -> new CodeCatcher(below, options.status(), status -> {
            // Served from the event loop's queue, not from inside the writer that just ended.
            if (context == null) {
                servePage(exchange, catcher[0], status);
            } else {
                context.runOnContext(v -> servePage(exchange, catcher[0], status));
            }
        }));
        next.proceed();
    }

    private void servePage(Exchange exchange, CodeCatcher catcher, int original) {
        if (exchange.aborted()) {
            return;
        }
        int status = options.statusFor(original);
        if (status != original) {
            LOG.debug("middleware {}: caught HTTP status {} (rewritten to {}), returning the error page", name, original, status);
        } else {
            LOG.debug("middleware {}: caught HTTP status {}, returning the error page", name, status);
        }
        UpstreamRequest upstream = exchange.upstream();
        boolean unreadBody = upstream.bufferedBody() == null && !exchange.request().isEnded() && exchange.framing().hasBody();
        boolean close = unreadBody && exchange.request().version() != HttpVersion.HTTP_2;
        exchange.resetResponse(new EnforcedStatus(catcher.below(), status, close));
        if (!unreadBody) {
            exchange.request().resume(); // lets the codec read the end of a body-less request: the connection stays usable
        }
        ServiceLookup services = exchange.attribute(ServiceLookup.KEY);
        ServiceHandler page = services == null ? null : services.service(options.service());
        Forwarder forwarder = exchange.attribute(Forwarder.KEY);
        PageTarget.Target target;
        try {
            target = PageTarget.of(options.query(), status, original, PageTarget.requestUrl(exchange.isTls(),
                    exchange.requestAuthority(), upstream.path(), upstream.query()));
        } catch (IllegalArgumentException e) {
            LOG.error("middleware {}: unable to create the error page request: {}", name, e.getMessage());
            page = null;
            target = null;
        }
        if (page == null || forwarder == null) {
            if (target != null) {
                LOG.error("middleware {}: service {} is not available to serve the error page", name, options.service());
            }
            Responses.answer(exchange, status, statusText(status) + "\n");
            return;
        }
        upstream.method(HttpMethod.GET);
        upstream.path(target.path());
        upstream.query(target.query());
        upstream.bodyPrefix(null);
        upstream.bufferedBody(Buffer.buffer()); // no body: the client's, if any, is never sent to the page service
        keepOnly(upstream.headers(), options.requestHeaders());
        page.serve(exchange, forwarder);
    }

    /** {@code errorRequestHeaders}: null keeps every header, a list only those (possibly none). */
    private static void keepOnly(MultiMap headers, List<String> names) {
        if (names == null) {
            return;
        }
        MultiMap kept = MultiMap.caseInsensitiveMultiMap();
        for (String n : names) {
            List<String> values = headers.getAll(n);
            if (!values.isEmpty()) {
                kept.set(n, values);
            }
        }
        headers.clear().addAll(kept);
    }

    private static String statusText(int status) {
        String text = StatusText.of(status);
        return text == null ? "" : text;
    }
}
