package io.jwtgate.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.transport.Transport;

/**
 * The floor of a proxy on Vert.x: Vert.x's HTTP server in front of Vert.x's pooled HTTP client,
 * one of each per event loop, the request head and the response head copied across and the
 * bodies piped, for {@code run-load.sh}'s {@code FLOOR=1} rows. Set beside {@link NettyFloorProxy},
 * it says what Vert.x's two HTTP layers cost above Netty's codecs; beside jwtgate (which uses
 * Vert.x's server and its own Netty client), what jwtgate's own steps cost. No hop-by-hop
 * handling, no timeouts, no error pages: not a product.
 *
 * <pre>java -cp benchmarks.jar io.jwtgate.bench.VertxFloorProxy PORT BACKEND_PORT [io_uring|epoll|nio]</pre>
 */
public final class VertxFloorProxy extends AbstractVerticle {

    private static final String HOST = "127.0.0.1";
    private final int port;
    private final int backendPort;
    private HttpClient client;

    private VertxFloorProxy(int port, int backendPort) {
        this.port = port;
        this.backendPort = backendPort;
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: VertxFloorProxy PORT BACKEND_PORT [io_uring|epoll|nio]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int backendPort = Integer.parseInt(args[1]);
        String name = args.length > 2 ? args[2] : "io_uring";
        Transport transport = switch (name) {
            case "io_uring" -> Transport.IO_URING;
            case "epoll" -> Transport.EPOLL;
            case "nio" -> Transport.NIO;
            default -> throw new IllegalArgumentException("transport: io_uring, epoll or nio, not " + name);
        };
        int loops = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(loops)).withTransport(transport).build();
        vertx.deployVerticle(() -> new VertxFloorProxy(port, backendPort), new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.println("VertxFloorProxy on " + HOST + ":" + port + " -> " + HOST + ":" + backendPort + " (" + name + ")"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public void start(io.vertx.core.Promise<Void> started) {
        client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(256));
        vertx.createHttpServer(new HttpServerOptions().setHost(HOST).setPort(port).setTcpNoDelay(true))
                .requestHandler(this::forward)
                .listen().<Void>mapEmpty().onComplete(started);
    }

    private void forward(HttpServerRequest request) {
        request.pause();
        RequestOptions options = new RequestOptions().setHost(HOST).setPort(backendPort)
                .setMethod(request.method()).setURI(request.uri()).setHeaders(request.headers());
        client.request(options)
                .compose(upstream -> upstream.send(request))
                .onSuccess(response -> relay(request, response))
                .onFailure(e -> request.response().setStatusCode(502).end());
    }

    private static void relay(HttpServerRequest request, HttpClientResponse response) {
        request.response().setStatusCode(response.statusCode());
        request.response().headers().setAll(response.headers());
        response.pipeTo(request.response());
    }
}
