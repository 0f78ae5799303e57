package io.jwtgate.gateway.middleware.buffering;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.vertx.core.file.FileSystem;

/**
 * Traefik's {@code buffering} (oxy's buffer): the request body is read whole before the backend is
 * called ({@link RequestBuffer}: size limit, memory then a temporary file, sent with a
 * {@code Content-Length}), the response is held whole before the client gets it ({@link Attempts}:
 * size limit, {@code retryExpression}, sent with a {@code Content-Length}).
 */
public final class BufferingMiddleware implements Middleware {

    public static final RegisteredType TYPE = new RegisteredType("buffering", "configuration.md#buffering",
            (config, ctx) -> new BufferingMiddleware(BufferingOptions.parse(config.options(), ctx.warnings()), ctx.vertx().fileSystem()));

    private final BufferingOptions options;
    private final FileSystem fs;

    BufferingMiddleware(BufferingOptions options, FileSystem fs) {
        this.options = options;
        this.fs = fs;
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        RequestBuffer.read(exchange, options, fs, () -> new Attempts(exchange, next, options, fs).start());
    }
}
