package io.jwtgate.gateway.middleware.compress;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * Traefik's {@code compress}: responses compressed with gzip, Brotli or Zstandard, the coding chosen
 * from the request's {@code Accept-Encoding} ({@link AcceptEncoding}), the response judged and
 * encoded by a {@link CompressFilter} on the response stack. Requests left alone, as in Traefik:
 * {@code HEAD}, a request whose {@code Content-Type} is excluded (always {@code application/grpc}),
 * one without {@code Accept-Encoding} unless {@code defaultEncoding} is set, and one that accepts
 * no offered coding or prefers {@code identity}. Every other response gets {@code Vary: Accept-Encoding},
 * compressed or not (it depends on the header either way).
 */
public final class CompressMiddleware implements Middleware {

    public static final RegisteredType TYPE = new RegisteredType("compress", "configuration.md#compress",
            (config, ctx) -> new CompressMiddleware(CompressOptions.parse(config.options(), ctx.warnings())));

    private final CompressOptions options;

    CompressMiddleware(CompressOptions options) {
        this.options = options;
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        ContentCoding coding = coding(exchange);
        if (coding == null) {
            next.proceed();
            return;
        }
        // Before the chain runs, as Traefik does: the backend's own Vary values come after it.
        exchange.response().headers().add("Vary", "Accept-Encoding");
        exchange.wrapResponse(below -> new CompressFilter(below, coding, options, Vertx.currentContext(), exchange));
        next.proceed();
    }

    /** The coding to answer this request with, or null to leave its response alone. */
    private ContentCoding coding(Exchange exchange) {
        if (exchange.method().equals("HEAD")) {
            return null;
        }
        String type = exchange.upstream().headers().get("Content-Type");
        if (type != null && options.excludedTypes().contains(requestMediaType(type))) {
            return null;
        }
        List<String> accepted = exchange.upstream().headers().getAll("Accept-Encoding");
        return ContentCoding.of(AcceptEncoding.choose(accepted, options.encodings(), options.defaultEncoding()));
    }

    private static String requestMediaType(String contentType) {
        try {
            return MediaType.parse(contentType);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
