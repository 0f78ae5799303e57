package io.jwtgate.gateway.support;

import static io.jwtgate.gateway.support.CaseExpectations.CASE_HEADER;
import static io.jwtgate.gateway.support.CaseExpectations.values;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/**
 * The gateway a YAML case runner starts with one router per case, the client it sends the cases'
 * requests with, and the servers the cases run against, closed together. A configuration with
 * problems fails the start: a case whose router failed closed would only show as a 503.
 */
public final class CaseGateway implements AutoCloseable {

    private final TestGateway gateway;
    private final HttpClient client;
    private final List<AutoCloseable> servers;

    private CaseGateway(TestGateway gateway, List<AutoCloseable> servers) {
        this.gateway = gateway;
        this.servers = servers;
        this.client = Backend.vertx().createHttpClient(new HttpClientOptions().setTrustAll(true).setVerifyHost(false));
    }

    /** Starts {@code builder}'s gateway on {@code dynamicYaml}; the servers are closed with it, or at once when it fails. */
    public static CaseGateway start(TestGateway.Builder builder, String dynamicYaml, AutoCloseable... servers) throws Exception {
        List<AutoCloseable> owned = List.of(servers);
        TestGateway gateway;
        try {
            gateway = builder.start(dynamicYaml);
        } catch (Exception e) {
            closeAll(owned, e);
            throw e;
        }
        if (!gateway.gateway().problems().isEmpty()) {
            IllegalStateException failure = new IllegalStateException("the cases' configuration has problems: " + gateway.gateway().problems());
            gateway.close();
            closeAll(owned, failure);
            throw failure;
        }
        return new CaseGateway(gateway, owned);
    }

    /** The rule of case {@code index}'s routers: its requests carry the case header with its number. */
    public static String rule(int index) {
        return "Header(`" + CASE_HEADER + "`, `" + index + "`)";
    }

    public TestGateway gateway() {
        return gateway;
    }

    public HttpClient client() {
        return client;
    }

    public int port(String entryPoint) {
        return gateway.gateway().port(entryPoint);
    }

    public List<String> configWarnings() {
        return gateway.configWarnings();
    }

    /**
     * The case's {@code request} (method, path, host, headers) to {@code port} on 127.0.0.1, with the
     * case header that routes it. Without a {@code host} the request carries {@code defaultHost}, or
     * {@code 127.0.0.1:port} when that is null.
     */
    public static RequestOptions request(JsonNode r, int caseIndex, int port, boolean tls, String defaultPath, String defaultHost) {
        RequestOptions options = new RequestOptions()
                .setServer(SocketAddress.inetSocketAddress(port, "127.0.0.1"))
                .setMethod(HttpMethod.valueOf(r.path("method").asText("GET")))
                .setSsl(tls)
                .setURI(r.path("path").asText(defaultPath));
        String host = r.hasNonNull("host") ? r.get("host").asText() : defaultHost;
        if (host != null) {
            options.setHost(host).setPort(tls ? 443 : 80);
        } else {
            options.setHost("127.0.0.1").setPort(port);
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(CASE_HEADER, Integer.toString(caseIndex));
        r.path("headers").fields().forEachRemaining(h -> values(h.getValue()).forEach(v -> headers.add(h.getKey(), v)));
        return options.setHeaders(headers);
    }

    @Override
    public void close() throws Exception {
        client.close();
        gateway.close();
        closeAll(servers, null);
    }

    private static void closeAll(List<AutoCloseable> servers, Exception pending) throws Exception {
        Exception failure = pending;
        for (AutoCloseable server : servers) {
            try {
                server.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null && failure != pending) {
            throw failure;
        }
    }
}
