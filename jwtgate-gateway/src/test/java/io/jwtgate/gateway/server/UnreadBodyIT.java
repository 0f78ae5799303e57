package io.jwtgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.RawHttp;
import io.jwtgate.gateway.support.TestGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An answer given before the client's body was read (a refusal by a middleware): as Go's server,
 * the rest of a small body is read and dropped so that the connection's next request is served;
 * past 256 KiB the connection is closed instead of being left waiting.
 */
class UnreadBodyIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        Backend backend = closing.add(Backend.echo("b"));
        gw = closing.add(TestGateway.withDynamic("""
                http:
                  middlewares:
                    auth: {basicAuth: {users: ["test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/"]}}
                  routers:
                    locked: {rule: PathPrefix(`/locked`), service: b, middlewares: [auth]}
                    open: {rule: PathPrefix(`/open`), service: b}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(backend.url())));
    }

    @Test
    void theNextRequestOnTheConnectionIsServedAfterAnUnreadSmallBody() throws Exception {
        try (RawHttp client = new RawHttp(gw.gateway().port("web"))) {
            String body = "x".repeat(10_000);
            client.sendBytes("POST /locked HTTP/1.1\r\nHost: a\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(client.read().status()).isEqualTo(401);
            client.sendBytes("GET /open HTTP/1.1\r\nHost: a\r\n\r\n");
            RawHttp.Response next = client.read();
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.body()).contains("\"uri\":\"/open\"");
        }
    }

    @Test
    void aLargeUnreadBodyClosesTheConnection() throws Exception {
        try (RawHttp client = new RawHttp(gw.gateway().port("web"))) {
            client.sendBytes("POST /locked HTTP/1.1\r\nHost: a\r\nContent-Length: 10000000\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(401);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            String text = new String(chunk, java.nio.charset.StandardCharsets.ISO_8859_1);
            boolean closed = false;
            try {
                for (int i = 0; i < 100; i++) {
                    client.sendBytes(text);
                }
            } catch (java.io.IOException e) {
                closed = true; // the gateway closed the connection while we were still sending
            }
            assertThat(closed || client.closedWithin(5_000)).as("the connection is closed past 256 KiB").isTrue();
        }
    }
}
