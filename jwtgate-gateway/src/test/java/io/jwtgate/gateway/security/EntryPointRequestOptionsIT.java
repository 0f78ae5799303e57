package io.jwtgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.RawHttp;
import io.jwtgate.gateway.support.RawHttpServer;
import io.jwtgate.gateway.support.RecordingBackend;
import io.jwtgate.gateway.support.TestGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The entry-point options of issue 12 through a running gateway: one entry point per setting, one
 * recording backend. Traefik's TestUnderscoreHeadersStrategy is ported as the first two tests.
 */
class EntryPointRequestOptionsIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static RecordingBackend backend;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        backend = closing.add(new RecordingBackend());
        gw = closing.add(TestGateway.start("""
                entryPoints:
                  keep:
                    address: "127.0.0.1:0"
                  delete:
                    address: "127.0.0.1:0"
                    http: {underscoreHeadersStrategy: delete}
                  reject:
                    address: "127.0.0.1:0"
                    http: {underscoreHeadersStrategy: reject}
                  strict:
                    address: "127.0.0.1:0"
                    http:
                      sanitizePath: false
                      encodeQuerySemicolons: true
                      encodedCharacters: {allowEncodedSlash: false, allowEncodedNullCharacter: false}
                    forwardedHeaders:
                      connection: [X-Debug]
                serversTransport:
                  maxIdleConnsPerHost: 4
                providers:
                  file:
                    filename: dynamic.yml
                """, """
                http:
                  middlewares:
                    mark:
                      headers:
                        customRequestHeaders: {X-Routed: debug}
                  routers:
                    debug:
                      rule: Header(`X-Debug`, `on`)
                      middlewares: [mark]
                      service: b
                    all:
                      rule: PathPrefix(`/`)
                      service: b
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(backend.url())));
        assertThat(gw.gateway().problems()).isEmpty();
    }


    private static RawHttp.Response get(String entryPoint, String target, String headers) throws Exception {
        return RawHttp.exchange(gw.gateway().port(entryPoint), "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
    }

    private static RawHttpServer.Request last() {
        return backend.requests().get(backend.requests().size() - 1);
    }

    @Test
    void underscoreHeadersAreKeptByDefaultAndDeletedOnRequest() throws Exception {
        assertThat(get("keep", "/u", "X-Auth-User: legit\r\nX_Auth_User: spoof\r\n").status()).isEqualTo(200);
        assertThat(last().header("X-Auth-User")).containsExactly("legit");
        assertThat(last().header("X_Auth_User")).containsExactly("spoof");

        assertThat(get("delete", "/u", "X-Auth-User: legit\r\nX_Auth_User: spoof\r\n").status()).isEqualTo(200);
        assertThat(last().header("X-Auth-User")).containsExactly("legit");
        assertThat(last().hasHeader("X_Auth_User")).isFalse();
    }

    @Test
    void underscoreHeadersAreRefusedWithReject() throws Exception {
        int before = backend.requests().size();
        assertThat(get("reject", "/u", "X-Auth-User: legit\r\nX_Auth_User: spoof\r\n").status()).isEqualTo(400);
        assertThat(backend.requests()).hasSize(before);
    }

    @Test
    void aConnectionScopedHeaderPassesTheChainButNotTheBackend() throws Exception {
        RawHttp.Response r = get("strict", "/d", "Connection: X-Debug, X-Other\r\nX-Debug: on\r\nX-Other: o\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(last().header("X-Routed")).as("the router saw X-Debug").containsExactly("debug");
        assertThat(last().hasHeader("X-Debug")).as("removed before forwarding").isFalse();
        assertThat(last().hasHeader("X-Other")).as("removed on arrival").isFalse();
        // Without the allow-list the header is gone before routing: the debug router cannot match it.
        assertThat(get("keep", "/d", "Connection: X-Debug\r\nX-Debug: on\r\n").status()).isEqualTo(200);
        assertThat(last().hasHeader("X-Routed")).isFalse();
        assertThat(last().hasHeader("X-Debug")).isFalse();
    }

    @Test
    void deniedEncodedCharactersAreRefusedAndSemicolonsEncoded() throws Exception {
        int before = backend.requests().size();
        assertThat(get("strict", "/a%2fb", "").status()).isEqualTo(400);
        assertThat(get("strict", "/a%00b", "").status()).isEqualTo(400);
        assertThat(backend.requests()).hasSize(before);
        assertThat(get("strict", "/a/../b?x=1;y=2", "").status()).isEqualTo(200);
        assertThat(last().target()).as("sanitizePath: false forwards dot segments as routed").isEqualTo("/a/../b?x=1%3By=2");
        assertThat(get("keep", "/a%2fb?x=1;y=2", "").status()).isEqualTo(200);
        assertThat(last().target()).isEqualTo("/a%2Fb?x=1&y=2");
    }

    @Test
    void controlCharactersInHttp1HeaderValuesAreRefused() throws Exception {
        int before = backend.requests().size();
        assertThat(get("keep", "/c", "X-Test: a\u0000b\r\n").status()).isEqualTo(400);
        assertThat(get("keep", "/c", "X-Test: a\rX-Injected: 1\r\n").status()).isEqualTo(400);
        assertThat(backend.requests()).hasSize(before);
    }

    @Test
    void aBrokenChunkMidBodyReleasesTheBackendConnection() throws Exception {
        // 4 pooled connections per event loop: 12 broken uploads would exhaust them if any leaked.
        for (int i = 0; i < 12; i++) {
            try (RawHttp c = new RawHttp(gw.gateway().port("keep"))) {
                c.sendBytes("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n");
                assertThat(c.closedWithin(5000) || c.read().status() >= 400).isTrue();
            }
        }
        for (int i = 0; i < 8; i++) {
            assertThat(get("keep", "/after", "").status()).isEqualTo(200);
        }
    }
}
