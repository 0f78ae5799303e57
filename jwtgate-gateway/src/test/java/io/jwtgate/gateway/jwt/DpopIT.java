package io.jwtgate.gateway.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TestGateway;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DPoP (RFC 9449) through a running gateway, with proofs made by Nimbus (an independent JOSE library). */
class DpopIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String SECRET = "a-32-byte-long-secret-for-tests!";
    static TestGateway gw;
    static ECKey key;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        Backend backend = closing.add(Backend.echo("b"));
        gw = closing.add(TestGateway.withDynamic("""
                http:
                  middlewares:
                    dpop:
                      plugin:
                        jwt:
                          signingSecret: "%1$s"
                          dpop: {mode: allowed}
                    dpop-nonce:
                      plugin:
                        jwt:
                          signingSecret: "%1$s"
                          dpop: {mode: required, nonce: true, proofMaxAge: 60s}
                  routers:
                    dpop: {rule: PathPrefix(`/dpop`), service: b, middlewares: [dpop]}
                    nonce: {rule: PathPrefix(`/nonce`), service: b, middlewares: [dpop-nonce]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%2$s"}]}}
                """.formatted(SECRET, backend.url())));
        key = new ECKeyGenerator(Curve.P_256).generate();
        token = Jose.hs256(SECRET, "{\"sub\":\"u\",\"cnf\":{\"jkt\":\"" + key.computeThumbprint() + "\"},\"exp\":" + (Jose.now() + 600) + "}");
    }

    static String ath(String accessToken) throws Exception {
        return Jose.b64(MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII)));
    }

    static String proof(ECKey signer, String htm, String htu, String ath, long iat, String nonce) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", htm).claim("htu", htu)
                .issueTime(new Date(iat * 1000));
        if (ath != null) {
            claims.claim("ath", ath);
        }
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(signer.toPublicJWK()).build(), claims.build());
        jwt.sign(new ECDSASigner(signer));
        return jwt.serialize();
    }

    static HttpResponse<String> call(String path, String proof) throws Exception {
        return proof == null ? Http.get(gw.url(path), "Authorization", "DPoP " + token)
                : Http.get(gw.url(path), "Authorization", "DPoP " + token, "DPoP", proof);
    }

    static String url(String path) {
        return gw.url(path).toString();
    }

    @Test
    void aValidProofIsAcceptedOnceAndEveryWrongPartIsRefused() throws Exception {
        String good = proof(key, "GET", url("/dpop/a"), ath(token), Jose.now(), null);
        assertThat(call("/dpop/a", good).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = call("/dpop/a", good);
        assertThat(replay.statusCode()).as("replayed proof").isEqualTo(401);
        assertThat(replay.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("DPoP error=\"invalid_dpop_proof\", algs=\"")
                .contains("ES256");
        assertThat(call("/dpop/a", proof(key, "GET", url("/dpop/a?x=1#f"), ath(token), Jose.now(), null)).statusCode())
                .as("query and fragment are not compared").isEqualTo(200);
        assertThat(call("/dpop/a", proof(key, "GET", url("/dpop/b"), ath(token), Jose.now(), null)).statusCode()).as("wrong htu").isEqualTo(401);
        assertThat(call("/dpop/a", proof(key, "POST", url("/dpop/a"), ath(token), Jose.now(), null)).statusCode()).as("wrong htm").isEqualTo(401);
        assertThat(call("/dpop/a", proof(key, "GET", url("/dpop/a"), ath(token), Jose.now() - 300, null)).statusCode()).as("stale iat").isEqualTo(401);
        assertThat(call("/dpop/a", proof(key, "GET", url("/dpop/a"), null, Jose.now(), null)).statusCode()).as("missing ath").isEqualTo(401);
        assertThat(call("/dpop/a", proof(key, "GET", url("/dpop/a"), ath("other"), Jose.now(), null)).statusCode()).as("wrong ath").isEqualTo(401);
        ECKey other = new ECKeyGenerator(Curve.P_256).generate();
        assertThat(call("/dpop/a", proof(other, "GET", url("/dpop/a"), ath(token), Jose.now(), null)).statusCode())
                .as("a proof by another key than cnf.jkt").isEqualTo(401);
        assertThat(call("/dpop/a", null).statusCode()).as("no proof").isEqualTo(401);
    }

    @Test
    void aBoundTokenSentAsBearerIsRefusedAndUnboundBearerTokensStillPassInAllowedMode() throws Exception {
        HttpResponse<String> bearer = Http.get(gw.url("/dpop/a"), "Authorization", "Bearer " + token);
        assertThat(bearer.statusCode()).isEqualTo(401);
        assertThat(bearer.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("DPoP error=\"invalid_token\"");
        assertThat(Http.get(gw.url("/dpop/a"), "Authorization", "Bearer " + Jose.hs256(SECRET, "{\"sub\":\"plain\"}")).statusCode()).isEqualTo(200);
        assertThat(Http.get(gw.url("/nonce/a"), "Authorization", "Bearer " + Jose.hs256(SECRET, "{\"sub\":\"plain\"}")).statusCode())
                .as("required mode").isEqualTo(401);
    }

    @Test
    void theServerNonceFlow() throws Exception {
        HttpResponse<String> first = call("/nonce/a", proof(key, "GET", url("/nonce/a"), ath(token), Jose.now(), null));
        assertThat(first.statusCode()).isEqualTo(401);
        assertThat(first.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("DPoP error=\"use_dpop_nonce\"");
        String nonce = first.headers().firstValue("DPoP-Nonce").orElseThrow();
        assertThat(call("/nonce/a", proof(key, "GET", url("/nonce/a"), ath(token), Jose.now(), nonce)).statusCode()).isEqualTo(200);
        assertThat(call("/nonce/a", proof(key, "GET", url("/nonce/a"), ath(token), Jose.now(), "bm90LWEtbm9uY2U")).statusCode())
                .as("a nonce the gateway did not issue").isEqualTo(401);
    }
}
