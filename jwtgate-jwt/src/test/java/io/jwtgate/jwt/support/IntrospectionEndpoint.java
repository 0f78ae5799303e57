package io.jwtgate.jwt.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An RFC 7662 introspection endpoint on 127.0.0.1 (ephemeral port): client authentication by HTTP Basic
 * ({@code client_secret_basic}) or form fields ({@code client_secret_post}), a table of active tokens with their
 * claims, and scripted failures (a status for the next N calls, or a body that is not an answer).
 */
public final class IntrospectionEndpoint implements AutoCloseable {

    public static final String CLIENT_ID = "gateway";
    public static final String CLIENT_SECRET = "gateway secret: with & and =";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, String> active = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private volatile String rawAnswer;
    private volatile String redirect;
    /** Each request's form fields and Authorization header, in order. */
    public final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

    public IntrospectionEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/introspect", exchange -> {
            calls.incrementAndGet();
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Map<String, String> seen = new LinkedHashMap<>(form);
            seen.put("Authorization", String.valueOf(authorization));
            seen.put("Content-Type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            seen.put("X-Extra", String.valueOf(exchange.getRequestHeaders().getFirst("X-Extra")));
            requests.add(seen);
            int status;
            String body;
            if (redirect != null) {
                exchange.getResponseHeaders().set("Location", redirect);
                exchange.sendResponseHeaders(307, -1);
                exchange.close();
                return;
            }
            if (failNext.get() > 0 && failNext.getAndDecrement() > 0) {
                status = failStatus;
                body = "{\"error\":\"temporarily_unavailable\"}";
            } else if (!authenticated(authorization, form)) {
                status = 401;
                body = "{\"error\":\"invalid_client\"}";
            } else if (rawAnswer != null) {
                status = 200;
                body = rawAnswer;
            } else {
                String claims = active.get(String.valueOf(form.get("token")));
                status = 200;
                body = claims == null ? "{\"active\":false}" : "{\"active\":true" + (claims.isEmpty() ? "" : "," + claims) + "}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    private static boolean authenticated(String authorization, Map<String, String> form) {
        String basic = "Basic " + Base64.getEncoder().encodeToString((enc(CLIENT_ID) + ":" + enc(CLIENT_SECRET)).getBytes(StandardCharsets.UTF_8));
        return basic.equals(authorization) || (CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret")));
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/introspect";
    }

    /** Makes {@code token} active, answered with {@code claimsJson} (members without braces, may be empty). */
    public void activate(String token, String claimsJson) {
        active.put(token, claimsJson);
    }

    public void revoke(String token) {
        active.remove(token);
    }

    /** The next {@code n} calls answer {@code status}. */
    public void failNext(int n, int status) {
        failStatus = status;
        failNext.set(n);
    }

    /** Every call answers this body (null: the token table again). */
    public void answerWith(String body) {
        rawAnswer = body;
    }

    /** Every call answers 307 to {@code location} (null: answers again). */
    public void redirectTo(String location) {
        redirect = location;
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
