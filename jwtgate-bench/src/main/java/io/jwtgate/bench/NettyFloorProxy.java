package io.jwtgate.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;

/**
 * The floor of a proxy on the JVM: what the cheapest possible HTTP/1.1 reverse proxy written on
 * Netty costs per request on this machine, for {@code run-load.sh}'s {@code FLOOR=1} row. Each
 * client connection gets one keep-alive backend connection on its own event loop (as HAProxy's
 * {@code http-reuse always} keeps one per client here); Netty's codecs decode each head once and
 * the decoded objects are written, untouched, to the other side. No routing, no header
 * handling, no timeouts, no error pages: it proxies the benchmark's requests and nothing else, so
 * that jwtgate's figure minus this one is what jwtgate's own layers (Vert.x's server, admission,
 * routing, forwarding) cost. Not a product: never run it in front of anything.
 *
 * <pre>java -cp benchmarks.jar io.jwtgate.bench.NettyFloorProxy PORT BACKEND_PORT [io_uring|epoll|nio]</pre>
 */
public final class NettyFloorProxy {

    private static final String HOST = "127.0.0.1";

    private NettyFloorProxy() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: NettyFloorProxy PORT BACKEND_PORT [io_uring|epoll|nio]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int backendPort = Integer.parseInt(args[1]);
        String transport = args.length > 2 ? args[2] : "io_uring";
        IoHandlerFactory io;
        Class<? extends ServerChannel> serverChannel;
        Class<? extends Channel> clientChannel;
        switch (transport) {
            case "io_uring" -> {
                io = IoUringIoHandler.newFactory();
                serverChannel = IoUringServerSocketChannel.class;
                clientChannel = IoUringSocketChannel.class;
            }
            case "epoll" -> {
                io = EpollIoHandler.newFactory();
                serverChannel = EpollServerSocketChannel.class;
                clientChannel = EpollSocketChannel.class;
            }
            case "nio" -> {
                io = NioIoHandler.newFactory();
                serverChannel = NioServerSocketChannel.class;
                clientChannel = NioSocketChannel.class;
            }
            default -> throw new IllegalArgumentException("transport: io_uring, epoll or nio, not " + transport);
        }
        // One event loop per core, as jwtgate runs.
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
        Bootstrap backend = new Bootstrap().channel(clientChannel).option(ChannelOption.TCP_NODELAY, true);
        new ServerBootstrap().group(loops).channel(serverChannel)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel client) {
                        client.pipeline().addLast(new HttpServerCodec(), new ClientSide(backend, backendPort));
                    }
                })
                .bind(HOST, port).sync();
        System.out.println("NettyFloorProxy on " + HOST + ":" + port + " -> " + HOST + ":" + backendPort + " (" + transport + ")");
        Thread.currentThread().join();
    }

    /** The client's connection: reading starts once its backend connection is up. */
    private static final class ClientSide extends ChannelInboundHandlerAdapter {
        private final Bootstrap bootstrap;
        private final int backendPort;
        private Channel backend;

        ClientSide(Bootstrap bootstrap, int backendPort) {
            this.bootstrap = bootstrap;
            this.backendPort = backendPort;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            bootstrap.clone(client.eventLoop())
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new BackendSide(client));
                        }
                    })
                    .connect(HOST, backendPort).addListener((ChannelFutureListener) f -> {
                        if (!f.isSuccess()) {
                            client.close();
                            return;
                        }
                        backend = f.channel();
                        client.config().setAutoRead(true);
                        client.read();
                    });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (backend == null || !backend.isActive()) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            backend.write(msg, backend.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (backend != null) {
                backend.flush();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (backend != null) {
                backend.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The backend's connection: everything it answers goes to its client, flushed once per read batch. */
    private static final class BackendSide extends ChannelInboundHandlerAdapter {
        private final Channel client;

        BackendSide(Channel client) {
            this.client = client;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            client.write(msg, client.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            client.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            client.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
