package io.jwtgate.gateway.middleware.forwardauth;

import io.jwtgate.gateway.http.BodyFraming;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.GoUrl;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traefik's {@code forwardAuth}: each request is first sent to the auth server ({@code address};
 * GET unless {@code preserveRequestMethod}, with the client's headers and the
 * {@code X-Forwarded-*} that describe it, the body too with {@code forwardBody}). A 2xx answer lets
 * the request go on, carrying {@code authResponseHeaders} (and the cookies of
 * {@code addAuthCookiesToResponse} back to the client); any other answer is the client's answer
 * (status, headers but the hop-by-hop ones, body; a relative Location resolved against the
 * address unless {@code preserveLocationHeader}); a 401 becomes a redirect to {@code authSigninURL}
 * when set. An auth server that cannot be reached, or does not answer within 30 seconds, gets the
 * client an empty 500. One HTTP client (and connection pool) per middleware; nothing blocks.
 */
public final class ForwardAuthMiddleware implements Middleware {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardAuthMiddleware.class);

    public static final RegisteredType TYPE = new RegisteredType("forwardAuth", "configuration.md#forwardauth",
            (config, ctx) -> new ForwardAuthMiddleware(config.name(), ForwardAuthOptions.parse(config.options(), config.name(), ctx),
                    ctx.vertx()));

    /** Traefik's client timeout: connecting, sending and reading the whole answer. */
    static final long TIMEOUT_MILLIS = 30_000;

    private final String name;
    private final ForwardAuthOptions options;
    private final Vertx vertx;
    private final HttpClient client;
    private final AuthRequestHeaders requestHeaders;
    private final AuthResponseHeaders responseHeaders;
    private final GoUrl address;
    private final String logAddress;
    private final String userinfoAuthorization;

    public ForwardAuthMiddleware(String name, ForwardAuthOptions options, Vertx vertx) {
        this.name = name;
        this.options = options;
        this.vertx = vertx;
        this.requestHeaders = new AuthRequestHeaders(options.trustForwardHeader(), options.authRequestHeaders());
        this.responseHeaders = new AuthResponseHeaders(options.authResponseHeaders(), options.authResponseHeadersRegex());
        this.address = GoUrl.parse(options.address());
        this.logAddress = ForwardAuthOptions.redacted(options.address());
        this.userinfoAuthorization = basicAuthorization(address.userInfo());
        HttpClientOptions clientOptions = new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(90) // Go's IdleConnTimeout in Traefik's client
                .setDecompressionSupported(false)
                .setConnectTimeout((int) TIMEOUT_MILLIS)
                .setForceSni(true)
                .setMaxHeaderSize(1 << 20)
                .setMaxInitialLineLength(64 * 1024)
                .setName("forwardAuth-" + name);
        if (options.tls() != null) {
            options.tls().applyTo(clientOptions);
        }
        // Go's transport has no limit on connections per host; this one is high enough never to queue in practice.
        this.client = vertx.createHttpClient(clientOptions, new PoolOptions().setHttp1MaxSize(512));
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        if (options.forwardBody()) {
            RequestBody.read(exchange, options.maxBodySize(), body -> ask(exchange, next, body));
        } else {
            ask(exchange, next, null);
        }
    }

    private void ask(Exchange exchange, Next next, Buffer body) {
        if (exchange.aborted()) {
            return;
        }
        boolean tls = address.scheme().equals("https");
        RequestOptions request = new RequestOptions()
                .setMethod(options.preserveRequestMethod() ? exchange.request().method() : HttpMethod.GET)
                .setHost(address.host())
                .setPort(address.port() > 0 ? address.port() : (tls ? 443 : 80))
                .setSsl(tls)
                .setURI(address.requestUri())
                .setFollowRedirects(false)
                .setConnectTimeout(TIMEOUT_MILLIS);
        MultiMap headers = requestHeaders.build(exchange);
        headers.set("Host", address.hostPort());
        if (userinfoAuthorization != null && !headers.contains("Authorization")) {
            headers.set("Authorization", userinfoAuthorization); // Go's client does this for a URL with user:password@
        }
        // As Traefik, the body goes with the client's framing: its length, or chunked when it had none.
        boolean chunked = exchange.framing() instanceof BodyFraming.Stream;
        AuthCall.send(vertx, client, request, headers, body, chunked, options.maxResponseBodySize(), TIMEOUT_MILLIS, exchange)
                .onComplete(ar -> {
                    try {
                        decide(exchange, next, ar.result());
                    } catch (RuntimeException e) {
                        LOG.error("middleware {}: unexpected failure handling the auth server's answer", name, e);
                        Responses.send(exchange, 500, "Internal Server Error");
                    }
                });
    }

    private void decide(Exchange exchange, Next next, AuthCall.Outcome outcome) {
        if (exchange.aborted() || outcome instanceof AuthCall.Outcome.Cancelled) {
            return;
        }
        if (outcome instanceof AuthCall.Outcome.Failed failed) {
            LOG.warn("middleware {}: error calling {}: {}", name, logAddress, failed.cause().toString());
            Responses.answer(exchange, 500, null, (String) null);
            return;
        }
        if (outcome instanceof AuthCall.Outcome.TooLarge) {
            LOG.debug("middleware {}: the answer of {} is larger than maxResponseBodySize {}", name, logAddress, options.maxResponseBodySize());
            Responses.answer(exchange, 401, null, (String) null);
            return;
        }
        AuthCall.Outcome.Answer answer = (AuthCall.Outcome.Answer) outcome;
        if (!options.headerField().isEmpty()) {
            String user = answer.headers().get(options.headerField());
            if (user != null) {
                exchange.facts().username(user);
            }
        }
        int status = answer.status();
        if (!options.authSigninUrl().isEmpty() && status == 401) {
            SigninRedirect.answer(exchange, options.authSigninUrl());
            return;
        }
        if (status < 200 || status >= 300) {
            refuse(exchange, answer);
            return;
        }
        responseHeaders.apply(answer.headers(), exchange.upstream().headers());
        if (answer.headers().contains("Set-Cookie")) {
            List<String> cookies = AuthCookies.valid(answer.headers().getAll("Set-Cookie"));
            if (!cookies.isEmpty()) {
                exchange.onResponseHead(AuthCookies.modifier(cookies, options.addAuthCookiesToResponse()));
            }
        }
        next.proceed();
    }

    /** The auth server's refusal becomes the client's answer. */
    private void refuse(Exchange exchange, AuthCall.Outcome.Answer answer) {
        LOG.debug("middleware {}: {} refused the request with {}", name, logAddress, answer.status());
        LocationHeader.Outcome location = LocationHeader.of(answer.headers().get("Location"), address,
                options.preserveLocationHeader());
        if (location instanceof LocationHeader.Outcome.Invalid invalid) {
            LOG.debug("middleware {}: cannot read the Location of {}: {}", name, logAddress, invalid.reason());
            Responses.answer(exchange, 500, null, (String) null);
            return;
        }
        MultiMap out = exchange.response().headers();
        for (Map.Entry<String, String> h : answer.headers()) {
            // Traefik's hop-by-hop list only: Proxy-Authenticate is relayed.
            if (!AuthRequestHeaders.isTraefikHopHeader(h.getKey())) {
                out.add(h.getKey(), h.getValue());
            }
        }
        if (location instanceof LocationHeader.Outcome.Value value) {
            out.set("Location", value.location());
        }
        Responses.answerBytes(exchange, answer.status(), null, answer.body());
    }

    /** Go's client sends a URL's user information as Basic credentials (when the request has no Authorization). */
    private static String basicAuthorization(String rawUserInfo) {
        if (rawUserInfo == null) {
            return null;
        }
        int colon = rawUserInfo.indexOf(':');
        String user = colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon);
        String password = colon < 0 ? "" : rawUserInfo.substring(colon + 1);
        String pair = decode(user) + ":" + decode(password);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
