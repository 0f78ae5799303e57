package io.jwtgate.gateway.support;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/** A real HTTP backend on 127.0.0.1 (ephemeral port) for integration tests. */
public final class Backend implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();

    private final HttpServer server;

    private Backend(HttpServer server) {
        this.server = server;
    }

    public static Backend start(Handler<HttpServerRequest> handler) throws Exception {
        HttpServer server = VERTX.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new Backend(server);
    }

    public static Backend start(io.vertx.core.http.HttpServerOptions options, Handler<HttpServerRequest> handler,
                                Handler<io.vertx.core.http.ServerWebSocket> webSockets) throws Exception {
        HttpServer server = VERTX.createHttpServer(options.setHost("127.0.0.1").setPort(0)).requestHandler(handler)
                .webSocketHandler(webSockets).listen()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new Backend(server);
    }

    /** Answers every request with a JSON echo: name, method, uri, headers (name to list of values), body. */
    public static Backend echo(String name) throws Exception {
        return start(request -> request.body().onSuccess(body -> {
            JsonObject headers = new JsonObject();
            request.headers().names().forEach(n -> headers.put(n.toLowerCase(), request.headers().getAll(n)));
            JsonObject json = new JsonObject().put("backend", name).put("method", request.method().name())
                    .put("uri", request.uri()).put("headers", headers).put("body", body.toString());
            request.response().putHeader("Content-Type", "application/json").end(json.encode());
        }));
    }

    public static Vertx vertx() {
        return VERTX;
    }

    public int port() {
        return server.actualPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
