package io.jwtgate.gateway.middleware.jwt;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.HeaderNames;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.http.SpooledBody;
import io.jwtgate.jwt.AuthOutcome;
import io.jwtgate.jwt.BearerChallenge;
import io.jwtgate.jwt.Extraction;
import io.jwtgate.jwt.JwtAuthenticator;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts the JWT library to the gateway: extract (reading a URL-encoded body only when
 * {@code tokenKey} needs it, and keeping it for the backend), authenticate without blocking,
 * then either edit the upstream headers and continue, or answer 401/403 with the challenge.
 */
public final class JwtMiddleware implements Middleware {

    private static final Logger LOG = LoggerFactory.getLogger(JwtMiddleware.class);

    private final String name;
    private final JwtAuthenticator authenticator;
    private final long formBodyLimit;

    public JwtMiddleware(String name, JwtAuthenticator authenticator, long formBodyLimit) {
        this.name = name;
        this.authenticator = authenticator;
        this.formBodyLimit = formBodyLimit;
    }

    public String name() {
        return name;
    }

    /** Whether the keys this middleware verifies with are loaded (always true for secrets and public keys). */
    public boolean keysReady() {
        return authenticator.keySets().stream().allMatch(set -> set.keyCount() > 0);
    }

    public JwtAuthenticator authenticator() {
        return authenticator;
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        Extraction extraction = authenticator.extract(new ExchangeTokenRequest(exchange));
        if (extraction instanceof Extraction.NeedsFormBody) {
            Buffer read = exchange.upstream().bufferedBody();
            if (read != null) {
                // Already read (a retried attempt, a middleware before this one): a body is read from the client once.
                authenticate(exchange, authenticator.extractFromForm(read.getBytes()), next);
                return;
            }
            SpooledBody spooled = exchange.upstream().spooledBody();
            if (spooled != null) {
                readSpooled(exchange, spooled, next);
                return;
            }
            readForm(exchange, next);
            return;
        }
        authenticate(exchange, extraction, next);
    }

    /** A body a {@code buffering} middleware before this one held partly on disk: read back, within the form limit. */
    private void readSpooled(Exchange exchange, SpooledBody spooled, Next next) {
        if (spooled.length() > formLimit(exchange)) {
            Responses.payloadTooLarge(exchange);
            return;
        }
        spooled.read().onComplete(ar -> {
            if (exchange.aborted()) {
                return;
            }
            if (ar.failed()) {
                LOG.warn("middleware {}: the buffered body could not be read: {}", name, ar.cause().toString());
                Responses.send(exchange, 500, "Internal Server Error");
                return;
            }
            authenticate(exchange, authenticator.extractFromForm(ar.result().getBytes()), next);
        });
    }

    private long formLimit(Exchange exchange) {
        return exchange.upstream().maxBodyBytes() > 0 ? Math.min(exchange.upstream().maxBodyBytes(), formBodyLimit) : formBodyLimit;
    }

    private void readForm(Exchange exchange, Next next) {
        HttpServerRequest request = exchange.request();
        long limit = formLimit(exchange);
        Buffer body = Buffer.buffer();
        boolean[] aborted = {false};
        request.handler(chunk -> {
            if (aborted[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                aborted[0] = true;
                Responses.payloadTooLarge(exchange);
                request.connection().close();
                return;
            }
            body.appendBuffer(chunk);
        });
        exchange.onAbort(() -> aborted[0] = true);
        request.endHandler(v -> {
            if (aborted[0]) {
                return;
            }
            request.handler(null);
            request.endHandler(null);
            exchange.upstream().bufferedBody(body);
            authenticate(exchange, authenticator.extractFromForm(body.getBytes()), next);
        });
        // The body is read before the token is known: only then is 100 Continue due (tokenKey in a form).
        exchange.continueIfExpected();
        request.resume();
    }

    private void authenticate(Exchange exchange, Extraction extraction, Next next) {
        String source = extraction instanceof Extraction.Found found ? found.source() : null;
        CompletionStage<AuthOutcome> stage = authenticator.authenticate(extraction, new ExchangeTokenRequest(exchange));
        Context context = Vertx.currentContext();
        Thread caller = Thread.currentThread();
        stage.whenComplete((outcome, error) -> {
            // Complete on the request's event loop: inline when the answer was immediate, otherwise hop back.
            if (Thread.currentThread() == caller || context == null) {
                apply(exchange, outcome, error, source, next);
            } else {
                context.runOnContext(v -> apply(exchange, outcome, error, source, next));
            }
        });
    }

    private void apply(Exchange exchange, AuthOutcome outcome, Throwable error, String tokenSource, Next next) {
        if (exchange.aborted()) {
            return;
        }
        if (error != null || outcome == null) {
            // The library promises never to fail; if it does anyway, fail closed.
            LOG.error("middleware {}: authentication failed unexpectedly, request denied", name, error);
            Responses.send(exchange, 401, "401 Unauthorized\n");
            return;
        }
        switch (outcome) {
            case AuthOutcome.Allowed allowed -> {
                // Underscore variants too: CGI-style backends read X_User as X-User (HTTP_X_USER).
                HeaderNames.removeWithVariants(exchange.upstream().headers(), allowed.removeHeaders());
                if (!authenticator.config().forwardAuthorization() && tokenSource != null) {
                    TokenParameter.removeFrom(exchange, tokenSource, authenticator.config().tokenKey(), authenticator.config().tokenCookie());
                }
                for (Map.Entry<String, String> h : allowed.addHeaders()) {
                    exchange.upstream().headers().add(h.getKey(), h.getValue());
                }
                exchange.facts().username(allowed.username());
                exchange.facts().authReason("ALLOWED");
                exchange.attribute(VerifiedClaims.KEY, new VerifiedClaims(allowed.claims()));
                next.proceed();
            }
            case AuthOutcome.Denied denied -> {
                exchange.facts().authReason(denied.reason().name());
                LOG.debug("middleware {}: {} {} ({})", name, denied.status(), denied.reason(), denied.detail());
                if (!exchange.response().headWritten()) {
                    exchange.response().putHeader("WWW-Authenticate", challenge(exchange, denied));
                    denied.responseHeaders().forEach(h -> exchange.response().putHeader(h.getKey(), h.getValue()));
                }
                Responses.answer(exchange, denied.status(), denied.body());
            }
        }
    }

    /** The library's challenge, or on a route that says more (an MCP route: {@link RouteChallenge}) the route's scopes and metadata URL. */
    private String challenge(Exchange exchange, AuthOutcome.Denied denied) {
        RouteChallenge route = exchange.attribute(RouteChallenge.KEY);
        if (route == null) {
            return denied.wwwAuthenticate();
        }
        String own = authenticator.config().wwwAuthenticate();
        return BearerChallenge.forDenial(denied, route.scopes(), own != null ? own : route.resourceMetadata());
    }

    @Override
    public void close() {
        authenticator.close();
    }
}
