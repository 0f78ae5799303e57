package io.jwtgate.gateway.middleware.forwardauth;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.GoUrl;
import io.jwtgate.gateway.http.PathCodec;
import io.jwtgate.gateway.http.Responses;
import io.jwtgate.gateway.http.StatusText;
import java.nio.charset.StandardCharsets;

/**
 * {@code authSigninURL}: the 302 Traefik answers instead of the auth server's 401, written as Go's
 * {@code http.Redirect} writes it. A relative URL is made absolute against the request's path, the
 * Location has its non-ASCII bytes percent-encoded, and a GET gets a small HTML body (a HEAD the
 * same content type without the body; other methods neither).
 */
final class SigninRedirect {

    private static final int FOUND = 302;

    private SigninRedirect() {}

    static void answer(Exchange exchange, String url) {
        String target = absolute(url, requestPath(exchange));
        String method = exchange.method();
        exchange.response().headers().set("Location", hexEscapeNonAscii(target));
        String contentType = method.equals("GET") || method.equals("HEAD") ? "text/html; charset=utf-8" : null;
        String body = method.equals("GET") ? "<a href=\"" + htmlEscape(target) + "\">" + StatusText.of(FOUND) + "</a>.\n\n" : "";
        Responses.answer(exchange, FOUND, contentType, body);
    }

    /** Go's handling of a relative redirect target: joined to the directory of the request's path, cleaned, query kept. */
    static String absolute(String url, String requestPath) {
        try {
            GoUrl parsed = GoUrl.parse(url);
            if (!parsed.scheme().isEmpty() || !parsed.hostPort().isEmpty()) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            return url; // Go leaves a URL it cannot parse alone
        }
        String target = url;
        if (target.isEmpty() || target.charAt(0) != '/') {
            String oldPath = requestPath.isEmpty() ? "/" : requestPath;
            target = oldPath.substring(0, oldPath.lastIndexOf('/') + 1) + target;
        }
        String query = "";
        int q = target.indexOf('?');
        if (q >= 0) {
            query = target.substring(q);
            target = target.substring(0, q);
        }
        return PathCodec.clean(target) + query;
    }

    private static String requestPath(Exchange exchange) {
        String path = exchange.upstream().path();
        try {
            return PathCodec.unescape(path);
        } catch (IllegalArgumentException e) {
            return path;
        }
    }

    /** Go's {@code hexEscapeNonASCII} (lower-case hex, as {@code strconv.AppendInt} writes it). */
    static String hexEscapeNonAscii(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            if (b < 0) {
                out.append('%').append(Integer.toHexString(b & 0xFF));
            } else {
                out.append((char) b);
            }
        }
        return out.toString();
    }

    /** Go's {@code htmlEscape} in net/http. */
    static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;").replace("'", "&#39;");
    }
}
