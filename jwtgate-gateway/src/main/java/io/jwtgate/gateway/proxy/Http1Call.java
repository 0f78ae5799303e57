package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.ResponseWriter;
import io.jwtgate.gateway.http.Responses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exchange on a pooled HTTP/1.1 connection ({@link Http1Connections}): the request head the
 * forwarder prepared and the body {@link RequestBodySender} writes go out through Netty's encoder;
 * the backend's response is relayed as it is decoded, with backpressure both ways (the client's
 * body pauses while the backend connection is not writable; the backend connection stops reading
 * while the client's response queue is full). The connection goes back to the pool only after a
 * complete request and a complete keep-alive response; anything else (a reset, a timeout, the client
 * gone, a backend that closes or breaks its framing) closes it.
 */
final class Http1Call implements BackendRequest {

    private static final Logger LOG = LoggerFactory.getLogger(Http1Call.class);

    private final Exchange exchange;
    private final Forwarder.Target target;
    private final Channel channel;
    private final Http1Connections pool;
    private final ContextInternal context;
    private final Runnable onBackendFailure;
    private final HttpMethod method;
    private final DefaultHttpRequest head;
    private long headerTimer = -1;
    private boolean chunked;
    private boolean headSent;
    private boolean requestEnded;
    /** A 1xx response other than 101 is being skipped (as Vert.x's client did, interim answers are not relayed). */
    private boolean interim;
    private boolean responseStarted;
    private boolean keepAlive;
    /** No more relaying: the response ended, failed, timed out, or the call was abandoned. */
    private boolean done;
    private boolean reusable;
    private Handler<Void> drainHandler;

    Http1Call(Exchange exchange, Forwarder.Target target, Channel channel, Http1Connections pool, ContextInternal context,
              Runnable onBackendFailure, HttpMethod method, String uri, MultiMap headers) {
        this.exchange = exchange;
        this.target = target;
        this.channel = channel;
        this.pool = pool;
        this.context = context;
        this.onBackendFailure = onBackendFailure;
        this.method = method;
        this.head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpMethod.valueOf(method.name()), uri,
                (io.netty.handler.codec.http.HttpHeaders) headers);
        channel.pipeline().get(ChannelEvents.class).call = this;
    }

    /** Starts the wait for the response head: past {@code millis} (0: no limit), the client gets 504. */
    void startHeaderTimer(long millis) {
        if (millis > 0) {
            headerTimer = context.setTimer(millis, id -> {
                headerTimer = -1;
                if (!done && !responseStarted) {
                    LOG.debug("backend {} sent no response headers within {} ms", target.address(), millis);
                    abandon();
                    Responses.gatewayTimeout(exchange);
                }
            });
        }
        exchange.onAbort(this::abandon);
    }

    // ---- the request, as RequestBodySender writes it

    @Override
    public HttpMethod method() {
        return method;
    }

    @Override
    public void putHeader(String name, String value) {
        head.headers().set(name, value);
    }

    @Override
    public boolean isChunked() {
        return chunked;
    }

    @Override
    public void setChunked(boolean chunked) {
        this.chunked = chunked;
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (done) {
            return Future.succeededFuture();
        }
        if (!sendHead(true)) {
            return Future.succeededFuture();
        }
        return written(channel.writeAndFlush(new DefaultHttpContent(byteBuf(data))));
    }

    @Override
    public Future<Void> end() {
        return end(null);
    }

    @Override
    public Future<Void> end(Buffer last) {
        if (done || requestEnded) {
            return Future.succeededFuture();
        }
        if (!headSent && !chunked && last != null && !head.headers().contains("Content-Length")) {
            head.headers().set("Content-Length", Integer.toString(last.length()));
        }
        if (!headSent && !chunked && (last == null || last.length() == 0)) {
            // No body (most requests): head and end as one message, one trip through the encoder.
            headSent = true;
            requestEnded = true;
            channel.writeAndFlush(new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(),
                    Unpooled.EMPTY_BUFFER, head.headers(), EmptyHttpHeaders.INSTANCE));
            return Future.succeededFuture();
        }
        if (!sendHead(last != null && last.length() > 0)) {
            return Future.succeededFuture();
        }
        requestEnded = true;
        channel.writeAndFlush(last == null || last.length() == 0 ? LastHttpContent.EMPTY_LAST_CONTENT : new DefaultLastHttpContent(byteBuf(last)));
        return Future.succeededFuture();
    }

    /**
     * The head goes out with the first body bytes or the end. A body is framed by its length or
     * chunked, never sent unframed (a bug would otherwise let the backend read it as the next request):
     * false, after answering 502, when that would happen.
     */
    private boolean sendHead(boolean withBody) {
        if (headSent) {
            return true;
        }
        headSent = true;
        if (chunked) {
            head.headers().remove("Content-Length");
            head.headers().set("Transfer-Encoding", "chunked");
        } else if (withBody && !head.headers().contains("Content-Length")) {
            LOG.warn("request body to backend {} has no framing; not sent", target.address());
            abandon();
            Responses.badGateway(exchange);
            return false;
        }
        channel.write(head);
        return true;
    }

    private static ByteBuf byteBuf(Buffer data) {
        // Vert.x's heap buffers ignore release; a reference-counted one keeps its own count.
        return ((BufferInternal) data).getByteBuf().retainedDuplicate();
    }

    private Future<Void> written(io.netty.channel.ChannelFuture write) {
        Promise<Void> promise = context.promise();
        write.addListener(f -> {
            if (f.isSuccess()) {
                promise.tryComplete();
            } else {
                promise.tryFail(f.cause());
            }
        });
        return promise.future();
    }

    @Override
    public void reset() {
        abandon();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return !channel.isWritable();
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        this.drainHandler = handler;
        return this;
    }

    // ---- the response

    private void onMessage(Object msg) {
        try {
            if (done) {
                return;
            }
            if (msg instanceof HttpResponse response) {
                if (response.decoderResult().isFailure()) {
                    broken(response.decoderResult().cause());
                    return;
                }
                int status = response.status().code();
                if (status >= 100 && status < 200) {
                    interim = true; // 101 never gets here: upgrades go through Vert.x's client
                    return;
                }
                responseStarted = true;
                cancelHeaderTimer();
                keepAlive = HttpUtil.isKeepAlive(response);
                if (!BackendResponseHead.relay(exchange, status, response.status().reasonPhrase(), (MultiMap) response.headers())) {
                    abandon();
                    return;
                }
            }
            if (msg instanceof HttpContent content) {
                if (content.decoderResult().isFailure()) {
                    broken(content.decoderResult().cause());
                    return;
                }
                if (interim) {
                    interim = !(msg instanceof LastHttpContent);
                    return;
                }
                relayContent(content);
            }
        } catch (RuntimeException e) {
            // A header the client's response refuses, or a bug: the client gets an answer, the connection is closed.
            LOG.warn("response from backend {} could not be relayed: {}", target.address(), e.toString());
            abandon();
            Responses.badGateway(exchange);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void relayContent(HttpContent content) {
        ResponseWriter response = exchange.response();
        if (response.ended() || response.closed()) {
            abandon();
            return;
        }
        ByteBuf data = content.content();
        if (data.isReadable() && content instanceof LastHttpContent last && last.trailingHeaders().isEmpty()) {
            // The last piece of a fixed-length body (of a small answer, the whole body): written as the end of
            // the response, one trip through the client's pipeline and one flush instead of two.
            finishLast();
            if (!response.ended() && !response.closed()) {
                response.end(BufferInternal.safeBuffer(data.retain()));
            }
            return;
        }
        if (data.isReadable()) {
            response.write(BufferInternal.safeBuffer(data.retain()));
            if (response.writeQueueFull()) {
                channel.config().setAutoRead(false);
                response.drainHandler(v -> {
                    if (!done) {
                        channel.config().setAutoRead(true);
                    }
                });
            }
        }
        if (content instanceof LastHttpContent last) {
            finishLast();
            if (!response.ended() && !response.closed()) {
                if (!last.trailingHeaders().isEmpty()) {
                    response.trailers().addAll((MultiMap) last.trailingHeaders());
                }
                response.end();
            }
        }
    }

    /** The backend's response is complete: the connection goes back to the pool or is closed. */
    private void finishLast() {
        done = true;
        // Reused only after a complete request: a backend that answered before the body was all
        // sent (an early 413) leaves the rest of it unread.
        reusable = keepAlive && requestEnded;
        finishConnection();
    }

    private void finishConnection() {
        if (reusable) {
            channel.pipeline().get(ChannelEvents.class).call = null;
            channel.config().setAutoRead(true);
            pool.release(target, channel);
        } else {
            channel.close();
        }
    }

    /** The backend broke the exchange (closed, reset, bad framing): before its head 502, after it the client's connection is cut. */
    private void broken(Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        cancelHeaderTimer();
        channel.close();
        if (exchange.aborted()) {
            return;
        }
        if (!responseStarted) {
            Forwarder.fail(exchange, cause, onBackendFailure);
            return;
        }
        LOG.debug("backend stream {} failed mid-response: {}", target.address(), cause.toString());
        if (!exchange.detached()) {
            exchange.request().connection().close();
        }
    }

    /** Stops the call: the connection is closed, never reused; nothing more is relayed. */
    private void abandon() {
        cancelHeaderTimer();
        if (!done || !reusable) {
            done = true;
            reusable = false;
            channel.close();
        }
    }

    private void cancelHeaderTimer() {
        if (headerTimer >= 0) {
            context.owner().cancelTimer(headerTimer);
            headerTimer = -1;
        }
    }

    /**
     * The connection's end of the pipeline: hands what the decoder produced to the call in progress
     * (in the Vert.x context, so timers and futures stay on this event loop) and closes a connection
     * that speaks while no call is in progress or stays parked past {@code idleConnTimeout}.
     */
    static final class ChannelEvents extends ChannelInboundHandlerAdapter {

        private final ContextInternal context;
        Http1Call call;

        ChannelEvents(ContextInternal context) {
            this.context = context;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Http1Call c = call;
            if (c == null) {
                ReferenceCountUtil.release(msg);
                ctx.close(); // a response nobody asked for: the connection cannot be trusted any more
                return;
            }
            context.emit(msg, c::onMessage);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            Http1Call c = call;
            if (c != null && ctx.channel().isWritable() && c.drainHandler != null) {
                Handler<Void> drain = c.drainHandler;
                c.drainHandler = null;
                context.emit(null, drain);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Http1Call c = call;
            if (c != null && !c.done) {
                context.emit(new IOException("the backend closed the connection"), c::broken);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Http1Call c = call;
            ctx.close();
            if (c != null && !c.done) {
                context.emit(cause, c::broken);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                // As Go's IdleConnTimeout: only a connection parked in the pool is closed; a call in progress
                // (a slow answer, a quiet event stream) is bounded by responseHeaderTimeout, not by this.
                if (call == null || call.done) {
                    ctx.close();
                }
                return;
            }
            ctx.fireUserEventTriggered(event);
        }
    }
}
