package io.jwtgate.gateway.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks for one load balancer: GET {@code path} on every server each
 * {@code interval}; a server that fails (connection error, timeout, or a status outside 2xx/3xx, or
 * other than {@code status} when set) leaves the rotation until it passes again.
 */
public final class HealthChecker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    private final String service;
    private final LoadBalancerService.HealthCheck config;
    private final List<URI> servers;
    private final Vertx vertx;
    private final HttpClient client;
    private final Set<URI> down = ConcurrentHashMap.newKeySet();
    private final long timerId;

    public HealthChecker(Vertx vertx, String service, LoadBalancerService.HealthCheck config, List<URI> servers) {
        this.vertx = vertx;
        this.service = service;
        this.config = config;
        this.servers = List.copyOf(servers);
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setTrustAll(true).setVerifyHost(false)
                .setConnectTimeout((int) config.timeout().toMillis()));
        this.timerId = vertx.setPeriodic(0, Math.max(100, config.interval().toMillis()), id -> checkAll());
    }

    public boolean isUp(URI server) {
        return !down.contains(server);
    }

    /** Passive signal: a connection was refused. The next check brings the server back. */
    public void markDown(URI server) {
        if (down.add(server)) {
            LOG.warn("service {}: server {} refused a connection, taken out of rotation until its health check passes", service, server);
        }
    }

    private void checkAll() {
        for (URI server : servers) {
            check(server);
        }
    }

    private void check(URI server) {
        String scheme = config.scheme() != null ? config.scheme() : server.getScheme();
        boolean tls = "https".equalsIgnoreCase(scheme);
        int port = config.port() > 0 ? config.port() : (server.getPort() > 0 ? server.getPort() : (tls ? 443 : 80));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(server.getHost()).setPort(port)
                .setSsl(tls).setURI(config.path()).setIdleTimeout(config.timeout().toMillis());
        if (config.hostname() != null) {
            options.putHeader("Host", config.hostname());
        }
        config.headers().forEach(options::putHeader);
        client.request(options)
                .compose(req -> req.send())
                .onComplete(ar -> {
                    boolean ok = ar.succeeded() && healthy(ar.result().statusCode());
                    if (ar.succeeded()) {
                        ar.result().body();
                    }
                    update(server, ok, ar.succeeded() ? "status " + ar.result().statusCode() : String.valueOf(ar.cause()));
                });
    }

    private boolean healthy(int status) {
        return config.expectedStatus() > 0 ? status == config.expectedStatus() : status >= 200 && status < 400;
    }

    private void update(URI server, boolean ok, String detail) {
        if (ok && down.remove(server)) {
            LOG.info("service {}: server {} is healthy again", service, server);
        } else if (!ok && down.add(server)) {
            LOG.warn("service {}: server {} failed its health check ({}), taken out of rotation", service, server, detail);
        }
    }

    @Override
    public void close() {
        vertx.cancelTimer(timerId);
        client.close();
    }
}
