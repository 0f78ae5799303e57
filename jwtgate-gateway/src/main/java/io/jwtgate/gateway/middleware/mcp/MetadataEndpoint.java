package io.jwtgate.gateway.middleware.mcp;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.FieldSyntax;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.ResponseWriter;
import io.jwtgate.gateway.http.Responses;
import io.vertx.core.buffer.Buffer;

/**
 * Serves the protected-resource metadata document (RFC 9728 section 3) of an {@code mcp}
 * middleware, ahead of its router's chain: a client reads it before it has a token. The body is
 * fixed at configuration time. {@code GET} and {@code HEAD} answer it with {@code Cache-Control} and
 * {@code Access-Control-Allow-Origin: *} (a browser-based client may read it from any origin; it
 * holds nothing secret and is fetched without credentials); {@code OPTIONS} answers a CORS preflight;
 * any other method gets 405.
 */
final class MetadataEndpoint implements Middleware {

    /** How long clients and caches may keep the document: a configuration change shows within 5 minutes. */
    static final String CACHE_CONTROL = "public, max-age=300";

    private final Buffer document;

    MetadataEndpoint(String document) {
        this.document = Buffer.buffer(document);
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        ResponseWriter response = exchange.response();
        response.putHeader("Access-Control-Allow-Origin", "*");
        switch (exchange.method()) {
            case "GET", "HEAD" -> {
                response.putHeader("Cache-Control", CACHE_CONTROL).putHeader("X-Content-Type-Options", "nosniff");
                if (exchange.method().equals("HEAD")) {
                    response.putHeader("Content-Type", "application/json").putHeader("Content-Length", Integer.toString(document.length()));
                    response.statusCode(200).end();
                    exchange.request().resume();
                } else {
                    Responses.answerBytes(exchange, 200, "application/json", document);
                }
            }
            case "OPTIONS" -> {
                response.putHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
                String asked = exchange.request().getHeader("Access-Control-Request-Headers");
                if (asked != null && validHeaderList(asked)) {
                    response.putHeader("Access-Control-Allow-Headers", asked);
                }
                response.putHeader("Access-Control-Max-Age", "86400");
                Responses.answer(exchange, 204, null, null);
            }
            default -> {
                response.putHeader("Allow", "GET, HEAD, OPTIONS");
                Responses.answer(exchange, 405, "405 Method Not Allowed\n");
            }
        }
    }

    /** A comma-separated list of header names, as a preflight sends it: echoed only when it is one. */
    private static boolean validHeaderList(String value) {
        for (String name : value.split(",")) {
            if (!FieldSyntax.isToken(name.strip())) {
                return false;
            }
        }
        return value.length() <= 1024;
    }
}
