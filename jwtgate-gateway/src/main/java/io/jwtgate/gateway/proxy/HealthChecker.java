package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.statics.ServersTransportConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks of one load balancer's servers, as Traefik's {@code ServiceHealthChecker}:
 * each server is checked one {@code interval} after the last check while healthy, one
 * {@code unhealthyInterval} while not (the first check one interval after start; servers start
 * up); {@code mode: http} sends {@code method} to the path and wants 2xx/3xx (or exactly
 * {@code status}), following redirects unless {@code followRedirects: false}; {@code mode: grpc}
 * calls {@code grpc.health.v1.Health/Check} over HTTP/2 and wants {@code SERVING}. A check that
 * does not answer within {@code timeout} fails. Results go to the balancer, which tells the
 * service's parents when the service as a whole goes up or down.
 */
public final class HealthChecker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    private final String service;
    private final ServerHealthCheck config;
    private final Map<String, URI> servers;
    private final Vertx vertx;
    private final BackendClients clients;
    private final HttpClient insecure;
    private final BiConsumer<String, Boolean> results;
    private final Map<String, Boolean> down = new ConcurrentHashMap<>();
    private final Map<String, Long> timers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param servers   by name (the URL as written) to the URL
     * @param transport the service's servers transport (its TLS settings apply), or null: the server's certificate is not checked
     * @param results   receives (server name, up) after each check
     */
    public HealthChecker(Vertx vertx, String service, ServerHealthCheck config, Map<String, URI> servers, ServersTransportConfig transport,
                         BiConsumer<String, Boolean> results) {
        this.vertx = vertx;
        this.service = service;
        this.config = config;
        this.servers = Map.copyOf(servers);
        this.results = results;
        this.clients = transport == null ? null : new BackendClients(vertx, transport);
        // Without a named transport the server's certificate is not checked, as before transports existed.
        HttpClientOptions insecureOptions = new HttpClientOptions().setTrustAll(true).setVerifyHost(false)
                .setConnectTimeout((int) config.timeout().toMillis());
        if (config.grpc()) {
            // gRPC needs HTTP/2: prior knowledge in clear text, ALPN over TLS.
            insecureOptions.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false).setUseAlpn(true);
        } else {
            insecureOptions.setKeepAlive(false);
        }
        this.insecure = transport == null ? vertx.createHttpClient(insecureOptions) : null;
        this.servers.keySet().forEach(name -> schedule(name, config.interval().toMillis()));
    }

    private void schedule(String name, long delayMillis) {
        if (!closed) {
            timers.put(name, vertx.setTimer(Math.max(1, delayMillis), id -> check(name)));
        }
    }

    /** Passive signal (a jwtgate extension kept from earlier versions): a refused connection takes the server out until its next check passes. */
    public void markDown(String server) {
        if (down.put(server, true) == null) {
            LOG.warn("service {}: server {} refused a connection, taken out of rotation until its health check passes", service, server);
            results.accept(server, false);
        }
    }

    private void check(String name) {
        if (closed) {
            return;
        }
        ServerHealthCheck.Request request = config.request(servers.get(name));
        Future<String> outcome;
        if (config.grpc()) {
            // As Traefik: clear text unless the check's scheme says otherwise (the server URL's scheme is not looked at).
            boolean tls = !config.scheme().isEmpty() && !Set.of("http", "h2c").contains(config.scheme().toLowerCase(Locale.ROOT));
            outcome = GrpcHealthProbe.check(client(request, true, tls), request.uri().getHost(),
                    request.uri().getPort() > 0 ? request.uri().getPort() : tls ? 443 : 80, tls, config.timeout().toMillis());
        } else {
            outcome = httpCheck(request);
        }
        outcome.onComplete(ar -> {
            String failure = ar.succeeded() ? ar.result() : String.valueOf(ar.cause());
            update(name, failure);
            schedule(name, failure == null ? config.interval().toMillis() : config.unhealthyInterval().toMillis());
        });
    }

    private HttpClient client(ServerHealthCheck.Request request, boolean http2, boolean tls) {
        if (clients == null) {
            return insecure;
        }
        String scheme = http2 && !tls ? "h2c" : tls ? "https" : "http";
        return clients.clientFor(Forwarder.Target.of(URI.create(scheme + "://" + request.uri().getRawAuthority())), false);
    }

    /** Null when healthy, else why not. */
    private Future<String> httpCheck(ServerHealthCheck.Request request) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(request.method()))
                .setHost(request.uri().getHost()).setPort(request.connectPort()).setSsl(request.tls())
                .setURI(request.pathAndQuery()).setFollowRedirects(config.followRedirects())
                .setConnectTimeout(config.timeout().toMillis()).setIdleTimeout(config.timeout().toMillis());
        options.putHeader("Host", request.hostHeader());
        request.headers().forEach(options::putHeader);
        return client(request, false, request.tls()).request(options)
                .compose(req -> req.send())
                .compose(response -> response.body().map(body -> verdict(response)));
    }

    private String verdict(HttpClientResponse response) {
        int status = response.statusCode();
        if (config.status() == 0 && (status < 200 || status >= 400)) {
            return "received error status code: " + status;
        }
        if (config.status() != 0 && config.status() != status) {
            return "received error status code: " + status + " expected status code: " + config.status();
        }
        return null;
    }

    private void update(String server, String failure) {
        boolean wasDown = down.containsKey(server);
        if (failure == null) {
            down.remove(server);
            if (wasDown) {
                LOG.info("service {}: server {} is healthy again", service, server);
            }
        } else {
            down.put(server, true);
            if (!wasDown) {
                LOG.warn("service {}: server {} failed its health check ({}), taken out of rotation", service, server, failure);
            }
        }
        results.accept(server, failure == null);
    }

    @Override
    public void close() {
        closed = true;
        timers.values().forEach(vertx::cancelTimer);
        if (clients != null) {
            clients.close();
        }
        if (insecure != null) {
            insecure.close();
        }
    }
}
