package io.jwtgate.gateway.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Traefik's {@code transport.respondingTimeouts.readTimeout} (default 60s; 0 disables it): the
 * longest a client may take to send a whole request, headers and body. Vert.x's idle timeout alone
 * does not stop a client that trickles one byte at a time (slowloris), so:
 * <ul>
 *   <li>a new connection must deliver complete request headers within {@code readTimeout};</li>
 *   <li>a request's body must be complete within {@code readTimeout} of its headers;</li>
 *   <li>after a response, a kept-alive connection must deliver the next request's headers within
 *       {@code idleTimeout + readTimeout}.</li>
 * </ul>
 * Nothing blocks and there is no timer per connection: one periodic sweep per event loop closes
 * the connections whose deadline has passed.
 */
final class ReadTimeouts {

    private final long readNanos;
    private final long keepAliveNanos;
    private final Map<HttpConnection, Long> headerDeadlines = new ConcurrentHashMap<>();
    private final Map<HttpServerRequest, Long> bodyDeadlines = new ConcurrentHashMap<>();

    ReadTimeouts(Vertx vertx, Duration readTimeout, Duration idleTimeout) {
        this.readNanos = readTimeout == null ? 0 : readTimeout.toNanos();
        this.keepAliveNanos = readNanos + (idleTimeout == null ? 0 : idleTimeout.toNanos());
        if (readNanos > 0) {
            long period = Math.max(100, Math.min(1000, readTimeout.toMillis() / 4));
            vertx.setPeriodic(period, id -> sweep(System.nanoTime()));
        }
    }

    void connected(HttpConnection connection) {
        if (readNanos <= 0) {
            return;
        }
        headerDeadlines.put(connection, System.nanoTime() + readNanos);
        connection.closeHandler(v -> headerDeadlines.remove(connection));
    }

    void requestStarted(HttpServerRequest request) {
        if (readNanos <= 0) {
            return;
        }
        HttpConnection connection = request.connection();
        headerDeadlines.remove(connection);
        if (!request.isEnded()) {
            bodyDeadlines.put(request, System.nanoTime() + readNanos);
        }
        request.response().bodyEndHandler(v -> {
            bodyDeadlines.remove(request);
            if (request.version() != HttpVersion.HTTP_2 && !request.response().closed()) {
                headerDeadlines.put(connection, System.nanoTime() + keepAliveNanos);
            }
        });
    }

    /** A tunnelled connection (WebSocket after 101) has no request body to time out: it lives as long as its peers. */
    private static boolean upgraded(HttpServerRequest request) {
        return request.response().headWritten() && request.response().getStatusCode() == 101;
    }

    private void sweep(long now) {
        for (Iterator<Map.Entry<HttpConnection, Long>> it = headerDeadlines.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<HttpConnection, Long> e = it.next();
            if (now - e.getValue() > 0) {
                it.remove();
                e.getKey().close();
            }
        }
        for (Iterator<Map.Entry<HttpServerRequest, Long>> it = bodyDeadlines.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<HttpServerRequest, Long> e = it.next();
            HttpServerRequest request = e.getKey();
            if (request.isEnded() || request.response().closed() || upgraded(request)) {
                it.remove();
            } else if (now - e.getValue() > 0) {
                it.remove();
                if (request.version() == HttpVersion.HTTP_2) {
                    request.response().reset();
                } else {
                    request.connection().close();
                }
            }
        }
    }
}
