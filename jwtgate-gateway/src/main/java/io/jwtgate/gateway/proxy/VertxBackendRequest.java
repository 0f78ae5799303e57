package io.jwtgate.gateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.WriteStream;

/** A request sent with Vert.x's HTTP client: to backends over HTTP/2, h2c or TLS, and upgrades. */
record VertxBackendRequest(HttpClientRequest request) implements BackendRequest {

    @Override
    public HttpMethod method() {
        return request.getMethod();
    }

    @Override
    public void putHeader(String name, String value) {
        request.putHeader(name, value);
    }

    @Override
    public boolean isChunked() {
        return request.isChunked();
    }

    @Override
    public void setChunked(boolean chunked) {
        request.setChunked(chunked);
    }

    @Override
    public Future<Void> end(Buffer last) {
        return request.end(last);
    }

    @Override
    public void reset() {
        request.reset();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        request.exceptionHandler(handler);
        return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
        return request.write(data);
    }

    @Override
    public Future<Void> end() {
        return request.end();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        request.setWriteQueueMaxSize(maxSize);
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return request.writeQueueFull();
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        request.drainHandler(handler);
        return this;
    }
}
