package io.jwtgate.gateway.keysets;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import java.net.InetAddress;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code oidcIssuer} (extension) through a real gateway against a real OAuth2/OIDC server in process
 * (mock-oauth2-server): keys found through {@code /.well-known/openid-configuration}, {@code iss} pinned to
 * that issuer, and the {@code keySetPolicy} block accepted from the file provider.
 */
class OidcDiscoveryIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static MockOAuth2Server idp;
    static Backend backend;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        idp = new MockOAuth2Server();
        closing.add(idp::shutdown);
        idp.start(InetAddress.getByName("127.0.0.1"), 0);
        backend = closing.add(Backend.echo("backend"));
        gw = closing.add(TestGateway.withDynamic("""
                http:
                  middlewares:
                    oidc:
                      plugin:
                        jwt:
                          oidcIssuer: %s
                          keySetPolicy:
                            minRefreshInterval: 30s
                            unknownKidCooldown: 10s
                            staleIfError: 1h
                  routers:
                    api:
                      rule: PathPrefix(`/api`)
                      service: backend
                      middlewares: [oidc]
                  services:
                    backend:
                      loadBalancer:
                        servers:
                          - url: %s
                """.formatted(idp.issuerUrl("default"), backend.url())));
        assertThat(gw.gateway().problems()).isEmpty();
    }


    @Test
    void tokensOfTheDiscoveredIssuerPassOthersAre401() throws Exception {
        String mine = idp.issueToken("default", "alice", "api", Map.of()).serialize();
        assertThat(Http.get(gw.url("/api"), "Authorization", "Bearer " + mine).statusCode()).isEqualTo(200);
        // Same server, another issuer (its own keys and iss): refused before any key lookup.
        String other = idp.issueToken("other", "alice", "api", Map.of()).serialize();
        assertThat(Http.get(gw.url("/api"), "Authorization", "Bearer " + other).statusCode()).isEqualTo(401);
        assertThat(Http.get(gw.url("/api")).statusCode()).isEqualTo(401);
    }
}
