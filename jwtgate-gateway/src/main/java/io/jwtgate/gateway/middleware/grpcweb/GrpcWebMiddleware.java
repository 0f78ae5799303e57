package io.jwtgate.gateway.middleware.grpcweb;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.BodyTransform;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.middleware.RegisteredType;
import io.jwtgate.jwt.config.ConfigException;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Traefik's {@code grpcWeb} (improbable-eng/grpc-web's {@code WrapHandler}, Traefik's fork): a
 * POST whose {@code Content-Type} starts with {@code application/grpc-web} (binary) or
 * {@code application/grpc-web-text} (base64 body) goes on as a gRPC request ({@code application/grpc},
 * {@code TE: trailers}, no {@code Content-Length}; a server URL {@code h2c://} or {@code https://}
 * makes it HTTP/2), and its response comes back as gRPC-Web ({@link GrpcWebResponse}). An
 * {@code OPTIONS} whose {@code Access-Control-Request-Headers} mention {@code x-grpc-web} is a
 * gRPC-Web CORS request: a preflight is answered here, 200, with the CORS headers when the origin
 * is in {@code allowOrigins} ({@link GrpcWebCors}). Every other request passes untouched.
 */
public final class GrpcWebMiddleware implements Middleware {

    public static final RegisteredType TYPE = new RegisteredType("grpcWeb", "configuration.md#grpcweb",
            (config, ctx) -> new GrpcWebMiddleware(Options.parse(config.options(), ctx.warnings())));

    /** @param allowOrigins {@code allowOrigins}: origins allowed by CORS, {@code *} for any; none by default (Traefik's) */
    public record Options(List<String> allowOrigins) {
        public Options {
            allowOrigins = List.copyOf(allowOrigins);
        }

        static Options parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
            o.warnUnknownKeys(Set.of("allowOrigins"), warnings);
            return new Options(o.get("allowOrigins").stringList());
        }
    }

    private final GrpcWebCors cors;

    public GrpcWebMiddleware(Options options) {
        this.cors = new GrpcWebCors(options.allowOrigins());
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        MultiMap request = exchange.upstream().headers();
        String method = exchange.method();
        String contentType = GrpcWebCors.first(request, "Content-Type");
        boolean grpcWeb = method.equals("POST") && contentType.startsWith(GrpcWebResponse.GRPC_WEB);
        boolean corsRequest = method.equals("OPTIONS")
                && GrpcWebCors.first(request, "Access-Control-Request-Headers").toLowerCase(Locale.ROOT).contains("x-grpc-web");
        if (!grpcWeb && !corsRequest) {
            next.proceed();
            return;
        }
        if (method.equals("OPTIONS") && !GrpcWebCors.first(request, "Access-Control-Request-Method").isEmpty()) {
            exchange.response().headers().addAll(cors.preflight(request));
            Responses.answer(exchange, 200, null, null);
            return;
        }
        MultiMap corsHeaders = cors.actual(method, request);
        boolean text = contentType.startsWith(GrpcWebResponse.GRPC_WEB_TEXT);
        request.set("Content-Type", GrpcWebResponse.replaceFirst(contentType,
                text ? GrpcWebResponse.GRPC_WEB_TEXT : GrpcWebResponse.GRPC_WEB, GrpcWebResponse.GRPC));
        request.remove("Content-Length");
        // What a gRPC request carries; Traefik's wrapper leaves it out (grpc-java then logs a warning), Envoy adds it.
        request.set("TE", "trailers");
        exchange.upstream().bodyTransform(text ? new Base64RequestBody() : BodyTransform.UNCHANGED);
        exchange.wrapResponse(writer -> new GrpcWebResponse(writer, text, corsHeaders));
        next.proceed();
    }
}
