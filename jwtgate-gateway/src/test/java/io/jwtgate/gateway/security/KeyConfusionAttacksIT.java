package io.jwtgate.gateway.security;

import static io.jwtgate.gateway.security.Attacks.assertAllowed;
import static io.jwtgate.gateway.security.Attacks.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.JwksServer;
import io.jwtgate.gateway.support.TestGateway;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attack classes about which key verifies a token (attacks.md rows 2, 3, 4, 5, 6, 7, 10, 21, 22),
 * through a running gateway with key sets served by test servers on 127.0.0.1. A canary server's
 * URL is planted in tokens; after every test it must have received nothing.
 */
class KeyConfusionAttacksIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final KeyPair WEAK = Jose.rsa(1024);
    static final KeyPair ATTACKER = Jose.ec();
    static CountingBackend backend;
    static Canary canary;
    static JwksServer idp;
    static JwksServer floodIdp;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        backend = closing.add(new CountingBackend());
        canary = closing.add(new Canary());
        byte[] offCurveX = Jose.pad32(BigInteger.valueOf(5).toByteArray());
        byte[] offCurveY = Jose.pad32(BigInteger.valueOf(7).toByteArray());
        idp = closing.add(new JwksServer(Jose.jwks(
                Jose.rsaJwk(Jose.RSA.getPublic(), "real", ",\"alg\":\"RS256\",\"use\":\"sig\""),
                Jose.rsaJwk(Jose.RSA_B.getPublic(), "enc", ",\"use\":\"enc\""),
                Jose.ecJwk(Jose.EC.getPublic(), "ec"),
                Jose.rsaJwk(WEAK.getPublic(), "weak", ""),
                Jose.ecJwk("offcurve", offCurveX, offCurveY),
                "{\"kty\":\"oct\",\"kid\":\"sym\",\"k\":\"" + Jose.b64("a-symmetric-key-in-a-public-set!") + "\"}")));
        floodIdp = closing.add(new JwksServer(Jose.jwks(Jose.rsaJwk(Jose.RSA.getPublic(), "real", ""))));
        gw = closing.add(TestGateway.withDynamic("""
                http:
                  middlewares:
                    pem:
                      plugin:
                        jwt:
                          publicKey: |
                            %s
                    jwks:
                      plugin:
                        jwt:
                          jwksUrl: "%s"
                    flood:
                      plugin:
                        jwt:
                          jwksUrl: "%s"
                    trusted:
                      plugin:
                        jwt:
                          trustedIssuers:
                            - {issuer: "https://idp.example.com", jwksUrl: "%s"}
                    pathform:
                      plugin:
                        jwt:
                          jwksUrl: /jwks.json
                          claims: Equals(`iss`, `https://idp.example.com`)
                  routers:
                    pem: {rule: PathPrefix(`/pem`), service: b, middlewares: [pem]}
                    jwks: {rule: PathPrefix(`/jwks`), service: b, middlewares: [jwks]}
                    flood: {rule: PathPrefix(`/flood`), service: b, middlewares: [flood]}
                    trusted: {rule: PathPrefix(`/trusted`), service: b, middlewares: [trusted]}
                    pathform: {rule: PathPrefix(`/pathform`), service: b, middlewares: [pathform]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(Attacks.indent(Jose.pem(Jose.RSA.getPublic()), 12), idp.url(), floodIdp.url(), idp.url(),
                backend.url())));
    }

    @AfterEach
    void canaryHeardNothing() {
        assertThat(canary.requests()).as("outbound requests to a URL taken from a token").isEmpty();
    }


    static URI url(String path) {
        return gw.url(path);
    }

    @Test
    void row02_rsaPublicKeyUsedAsHmacSecretIsRefused() throws Exception {
        RSAPublicKey pub = (RSAPublicKey) Jose.RSA.getPublic();
        assertAllowed(url("/pem"), Jose.rs256(Jose.RSA, null, "{}"), backend);
        List<byte[]> forms = List.of(Jose.pem(pub).getBytes(StandardCharsets.US_ASCII), pub.getEncoded(),
                (Jose.b64(pub.getModulus().toByteArray()) + Jose.b64(pub.getPublicExponent().toByteArray())).getBytes(StandardCharsets.US_ASCII),
                Jose.rsaJwk(pub, "real", "").getBytes(StandardCharsets.UTF_8));
        for (byte[] key : forms) {
            String token = Jose.hmac(key, "{\"alg\":\"HS256\",\"kid\":\"real\"}", "{\"sub\":\"admin\"}");
            assertRefused(url("/pem"), token, backend, 401);
            assertRefused(url("/jwks"), token, backend, 401);
        }
    }

    @Test
    void row03_crossFamilyAndKeyUseMismatchAreRefused() throws Exception {
        assertAllowed(url("/jwks"), Jose.rs256(Jose.RSA, "real", "{}"), backend);
        assertRefused(url("/jwks"), Jose.ps256(Jose.RSA, "real", "{}"),
                backend, 401);
        assertRefused(url("/jwks"), Jose.es256(Jose.EC, "real", "{}"), backend, 401);
        assertRefused(url("/jwks"), Jose.rs256(Jose.RSA_B, "enc", "{}"), backend, 401);
        assertRefused(url("/jwks"), Jose.rs256(Jose.RSA, "ec", "{}"), backend, 401);
    }

    @Test
    void row04_kidIsNeverAPathOrQuery() throws Exception {
        for (String kid : List.of("../../../../dev/null", "/dev/null", "' OR 1=1--", "$(touch /tmp/pwned)", "a\\u0000b",
                "k".repeat(10_000))) {
            String header = "{\"alg\":\"HS256\",\"kid\":\"" + kid + "\"}";
            assertRefused(url("/jwks"), Jose.hmac(new byte[0], header, "{}"), backend, 401);
            assertRefused(url("/pem"), Jose.hmac(new byte[0], header, "{}"), backend, 401);
        }
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/pwned"))).isFalse();
    }

    @Test
    void row05_jkuAndX5uAreNeverFetched() throws Exception {
        String header = "{\"alg\":\"ES256\",\"kid\":\"ec\",\"jku\":\"" + canary.url("/jwks.json") + "\",\"x5u\":\""
                + canary.url("/cert.pem") + "\"}";
        String token = Jose.sign("SHA256withECDSAinP1363Format", ATTACKER.getPrivate(), header, "{}");
        assertRefused(url("/jwks"), token, backend, 401);
        assertRefused(url("/pem"), token, backend, 401);
        assertRefused(url("/trusted"), token, backend, 401);
    }

    @Test
    void row06_embeddedJwkAndX5cAreNeverUsed() throws Exception {
        String jwk = Jose.ecJwk(ATTACKER.getPublic(), "ec");
        String withJwk = Jose.sign("SHA256withECDSAinP1363Format", ATTACKER.getPrivate(),
                "{\"alg\":\"ES256\",\"kid\":\"ec\",\"jwk\":" + jwk + "}", "{\"sub\":\"admin\"}");
        assertRefused(url("/jwks"), withJwk, backend, 401);
        assertRefused(url("/pem"), withJwk, backend, 401);
        TlsCertificates.PemPair cert = SelfSignedCertificate.generate("attacker");
        String x5c = cert.certificatePem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getMimeDecoder().decode(cert.keyPem().replaceAll("-----[A-Z ]+-----", ""))));
        String withX5c = Jose.sign("SHA256withECDSAinP1363Format", key,
                "{\"alg\":\"ES256\",\"kid\":\"ec\",\"x5c\":[\"" + x5c + "\"]}", "{\"sub\":\"admin\"}");
        assertRefused(url("/jwks"), withX5c, backend, 401);
    }

    @Test
    void row07_unverifiedIssuerNeverDrivesDiscovery() throws Exception {
        for (String iss : List.of(canary.url(""), "https://evil.example", "https://evil.idp.example.com", "https://idp.example.com.evil",
                "https://IDP.example.com")) {
            // Signed with the real key: only the issuer is wrong.
            String token = Jose.rs256(Jose.RSA, "real", "{\"iss\":\"" + iss + "\"}");
            assertRefused(url("/trusted"), token, backend, 401);
            assertRefused(url("/pathform"), token, backend, 401);
        }
        assertAllowed(url("/trusted"), Jose.rs256(Jose.RSA, "real", "{\"iss\":\"https://idp.example.com\"}"), backend);
    }

    @Test
    void row10_weakAndInvalidKeysInTheSetAreIgnored() throws Exception {
        assertRefused(url("/jwks"), Jose.rs256(WEAK, "weak", "{}"), backend, 401);
        assertRefused(url("/jwks"), Jose.es256(ATTACKER, "offcurve", "{}"), backend, 401);
        assertRefused(url("/jwks"), Jose.hs256("a-symmetric-key-in-a-public-set!", "{\"alg\":\"HS256\",\"kid\":\"sym\"}", "{}"), backend, 401);
        // The good keys of the same set still work: bad keys are dropped one by one.
        assertAllowed(url("/jwks"), Jose.rs256(Jose.RSA, "real", "{}"), backend);
        assertAllowed(url("/jwks"), Jose.es256(Jose.EC, "ec", "{}"), backend);
    }

    @Test
    void row21_unknownKidFloodFetchesTheKeySetAtMostOnceMore() throws Exception {
        String valid = Jose.rs256(Jose.RSA, "real", "{}");
        assertAllowed(url("/flood"), valid, backend);
        int before = floodIdp.fetches();
        for (int i = 0; i < 300; i++) {
            assertRefused(url("/flood"), Jose.rs256(Jose.RSA, UUID.randomUUID().toString(), "{}"), backend, 401);
            if (i % 50 == 0) {
                assertAllowed(url("/flood"), valid, backend);
            }
        }
        assertThat(floodIdp.fetches() - before).as("key-set fetches caused by 300 unknown kids").isLessThanOrEqualTo(1);
    }

    @Test
    void row22_kidLessTokenIsNeverTriedAgainstEveryKey() throws Exception {
        // Two usable RSA keys ("real", and none other fit RS256 except "real"): the set also holds
        // "enc" (use enc) and "weak" (dropped), so only one key fits and the kid-less token is decided by it.
        assertAllowed(url("/jwks"), Jose.rs256(Jose.RSA, null, "{}"), backend);
        assertRefused(url("/jwks"), Jose.rs256(Jose.RSA_B, null, "{}"), backend, 401);
    }
}
