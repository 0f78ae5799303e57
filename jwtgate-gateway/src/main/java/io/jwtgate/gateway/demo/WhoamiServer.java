package io.jwtgate.gateway.demo;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/**
 * The quick start's backend: an in-process echo server answering like traefik/whoami, so users
 * see exactly which headers reached the backend (forwarded claims, a stripped Authorization...).
 * {@code /api} answers the same facts as JSON; {@code /health} answers 200.
 */
public final class WhoamiServer implements AutoCloseable {

    private final HttpServer server;

    private WhoamiServer(HttpServer server) {
        this.server = server;
    }

    public static WhoamiServer start(Vertx vertx, String host, int port) throws Exception {
        String hostname = InetAddress.getLocalHost().getHostName();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onComplete(body -> answer(request, hostname)))
                .listen(port, host)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return new WhoamiServer(server);
    }

    private static void answer(HttpServerRequest request, String hostname) {
        String path = request.path();
        if (path.equals("/health")) {
            request.response().end("OK");
            return;
        }
        if (path.equals("/api")) {
            JsonObject headers = new JsonObject();
            request.headers().names().forEach(n -> headers.put(n, request.headers().getAll(n)));
            JsonObject json = new JsonObject().put("hostname", hostname).put("method", request.method().name())
                    .put("url", request.uri()).put("host", request.authority() == null ? "" : request.authority().toString())
                    .put("remoteAddr", String.valueOf(request.remoteAddress())).put("headers", headers);
            request.response().putHeader("Content-Type", "application/json").end(json.encodePrettily());
            return;
        }
        StringBuilder b = new StringBuilder();
        b.append("Hostname: ").append(hostname).append('\n');
        b.append("IP: ").append(request.localAddress().hostAddress()).append('\n');
        b.append("RemoteAddr: ").append(request.remoteAddress()).append('\n');
        b.append(request.method().name()).append(' ').append(request.uri()).append(' ')
                .append(request.version() == io.vertx.core.http.HttpVersion.HTTP_2 ? "HTTP/2.0" : "HTTP/1.1").append('\n');
        request.headers().forEach((name, value) -> b.append(name).append(": ").append(value).append('\n'));
        request.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(b.toString());
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
