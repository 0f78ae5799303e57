package io.jwtgate.gateway.security;

import static io.jwtgate.gateway.security.Attacks.assertAllowed;
import static io.jwtgate.gateway.security.Attacks.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.JwksServer;
import io.jwtgate.gateway.support.TestGateway;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attack classes about what a verified token may claim and how claims reach the backend
 * (attacks.md rows 18, 19, 20, 24, 25, 26), through a running gateway with two trusted issuers.
 */
class ClaimsAndHeadersAttacksIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String SECRET = "a-signing-secret-of-at-least-32-bytes!";
    static final String HS = "{\"alg\":\"HS256\"}";
    static CountingBackend backend;
    static JwksServer idpA;
    static JwksServer idpB;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        backend = closing.add(new CountingBackend());
        idpA = closing.add(new JwksServer(Jose.jwks(Jose.rsaJwk(Jose.RSA.getPublic(), "a", ""))));
        idpB = closing.add(new JwksServer(Jose.jwks(Jose.rsaJwk(Jose.RSA_B.getPublic(), "b", ""))));
        gw = closing.add(TestGateway.withDynamic("""
                http:
                  middlewares:
                    issuers:
                      plugin:
                        jwt:
                          trustedIssuers:
                            - {issuer: "https://idp-a.example", jwksUrl: "%s"}
                            - {issuer: "https://idp-b.example", jwksUrl: "%s"}
                    service-b:
                      plugin:
                        jwt:
                          signingSecret: "%s"
                          claims: Equals(`aud`, `service-b`) && Equals(`token_use`, `access`)
                    headers:
                      plugin:
                        jwt:
                          signingSecret: "%s"
                          tokenKey: access_token
                          forwardHeaders:
                            X-Jwt-Sub: sub
                            X-Name: name
                  routers:
                    issuers: {rule: PathPrefix(`/issuers`), service: b, middlewares: [issuers]}
                    service-b: {rule: PathPrefix(`/service-b`), service: b, middlewares: [service-b]}
                    headers: {rule: PathPrefix(`/headers`), service: b, middlewares: [headers]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(idpA.url(), idpB.url(), SECRET, SECRET, backend.url())));
    }


    static URI url(String path) {
        return gw.url(path);
    }

    static String hs(String payload) {
        return Jose.hs256(SECRET, HS, payload);
    }

    /**
     * Documented compatibility choice (SECURITY.md): like Traefik Hub, a token without {@code exp} is
     * accepted and no maximum lifetime applies; a present {@code exp} is always enforced. The claims
     * language compares values and cannot require a claim to be a number, so it cannot require exp.
     */
    @Test
    void row18_missingExpFollowsTraefikAndPresentExpIsEnforced() throws Exception {
        assertAllowed(url("/headers"), hs("{\"sub\":\"no-exp\"}"), backend);
        assertAllowed(url("/headers"), hs("{\"exp\":" + (Jose.now() + 10L * 365 * 86400) + "}"), backend);
        assertRefused(url("/headers"), hs("{\"exp\":" + (Jose.now() - 1) + "}"), backend, 401);
        assertRefused(url("/headers"), hs("{\"nbf\":" + (Jose.now() + 3600) + "}"), backend, 401);
    }

    @Test
    void row19_issuerKeyMixingAndCrossServiceReplayAreRefused() throws Exception {
        assertAllowed(url("/issuers"), Jose.rs256(Jose.RSA, "a", "{\"iss\":\"https://idp-a.example\"}"), backend);
        assertAllowed(url("/issuers"), Jose.rs256(Jose.RSA_B, "b", "{\"iss\":\"https://idp-b.example\"}"), backend);
        // IdP B's key and kid, IdP A's name: only A's key set may verify it.
        assertRefused(url("/issuers"), Jose.rs256(Jose.RSA_B, "b", "{\"iss\":\"https://idp-a.example\"}"), backend, 401);
        assertRefused(url("/issuers"), Jose.rs256(Jose.RSA_B, "a", "{\"iss\":\"https://idp-a.example\"}"), backend, 401);
        assertRefused(url("/issuers"), Jose.rs256(Jose.RSA, "a", "{}"), backend, 401);
        // A token minted for service A, replayed to service B: claims pin the audience (403, decision 6).
        assertRefused(url("/service-b"), hs("{\"aud\":\"service-a\",\"token_use\":\"access\"}"), backend, 403);
        assertAllowed(url("/service-b"), hs("{\"aud\":\"service-b\",\"token_use\":\"access\"}"), backend);
    }

    @Test
    void row20_idTokenUsedAsAccessTokenIsRefused() throws Exception {
        String idToken = Jose.hs256(SECRET, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                "{\"aud\":\"spa-client\",\"token_use\":\"id\",\"nonce\":\"n\"}");
        assertRefused(url("/service-b"), idToken, backend, 403);
        String idTokenForApi = Jose.hs256(SECRET, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"aud\":\"service-b\",\"token_use\":\"id\"}");
        assertRefused(url("/service-b"), idTokenForApi, backend, 403);
    }

    @Test
    void row24_severalCredentialsFollowTheDocumentedPrecedence() throws Exception {
        String valid = hs("{\"sub\":\"v\"}");
        int before = backend.hits();
        // Header first (decision 5): a valid header wins over an invalid query token...
        assertThat(Http.get(url("/headers?access_token=bad.token.here"), "Authorization", "Bearer " + valid).statusCode()).isEqualTo(200);
        assertThat(backend.hits()).isEqualTo(before + 1);
        // ...and an invalid header never falls through to a valid query token.
        HttpResponse<String> r = Http.get(url("/headers?access_token=" + valid), "Authorization", "Bearer bad.token.here");
        Attacks.assertRefused(r, 401);
        r = Http.get(url("/headers?access_token=" + valid), "Authorization", "Basic dXNlcjpwYXNz");
        Attacks.assertRefused(r, 401);
        assertThat(backend.hits()).isEqualTo(before + 1);
    }

    @Test
    void row25_spoofedClaimHeadersAreAlwaysStripped() throws Exception {
        HttpResponse<String> r = Http.get(url("/headers"), "Authorization", "Bearer " + hs("{\"name\":\"n\"}"),
                "X-Jwt-Sub", "admin", "x-jwt-sub", "root");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("x-jwt-sub: \n").doesNotContain("admin").doesNotContain("root").contains("x-name: n\n");
    }

    @Test
    void row26_headerInjectionThroughClaimValuesIsRefused() throws Exception {
        for (String name : new String[] {"a\\r\\nX-Admin: true", "a\\nX-Admin: true", "a\\u0000b", "a\\u007fb",
                "x".repeat(9000)}) {
            assertRefused(url("/headers"), hs("{\"name\":\"" + name + "\"}"), backend, 401);
        }
        // Non-ASCII values are forwarded as the claim's text, or refused: never a 5xx, never a new header.
        for (String name : new String[] {"\\u00e9l\\u00e8ve", "\\u540d\\u524d", "\\ud83d\\ude00"}) {
            HttpResponse<String> r = Attacks.bearer(url("/headers"), hs("{\"name\":\"" + name + "\"}"));
            assertThat(r.statusCode()).isIn(200, 401);
            assertThat(r.body()).doesNotContain("x-admin");
        }
    }
}
