package io.jwtgate.gateway.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tokens minted by an independent implementation (Nimbus JOSE+JWT; the JDK's Ed25519 for EdDSA,
 * which Nimbus only signs with Tink) for every supported algorithm verify through a running
 * gateway whose middleware holds the public keys as an inline {@code jwksFile}.
 */
class InteropThroughGatewayIT {

    @Test
    void everySupportedAlgorithmFromAnIndependentSignerPassesTheGateway() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();
        ECKey p256 = new ECKeyGenerator(Curve.P_256).keyID("p256").generate();
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("p384").generate();
        ECKey p521 = new ECKeyGenerator(Curve.P_521).keyID("p521").generate();
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = ed.getPublic().getEncoded();
        String x = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        String jwks = new JWKSet(List.of(rsa.toPublicJWK(), p256.toPublicJWK(), p384.toPublicJWK(), p521.toPublicJWK()))
                .toString(true).replaceFirst("]}$", ",{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"ed\",\"x\":\"" + x + "\"}]}");
        String hmacSecret = "an-hmac-secret-of-at-least-64-bytes-so-that-nimbus-signs-HS512!!";

        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
                JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512)) {
            tokens.put(alg.getName(), nimbus(alg, "rsa", new RSASSASigner(rsa)));
        }
        tokens.put("ES256", nimbus(JWSAlgorithm.ES256, "p256", new ECDSASigner(p256)));
        tokens.put("ES384", nimbus(JWSAlgorithm.ES384, "p384", new ECDSASigner(p384)));
        tokens.put("ES512", nimbus(JWSAlgorithm.ES512, "p521", new ECDSASigner(p521)));
        tokens.put("EdDSA", ed25519(ed));
        Map<String, String> hmacTokens = new java.util.LinkedHashMap<>();
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
            hmacTokens.put(alg.getName(), nimbus(alg, null, new MACSigner(hmacSecret.getBytes(StandardCharsets.UTF_8))));
        }

        try (Backend backend = Backend.echo("b");
             TestGateway gw = TestGateway.withDynamic("""
                     http:
                       middlewares:
                         jwks:
                           plugin:
                             jwt:
                               jwksFile: '%s'
                         hmac:
                           plugin:
                             jwt:
                               signingSecret: "%s"
                       routers:
                         asym: {rule: PathPrefix(`/asym`), service: b, middlewares: [jwks]}
                         sym: {rule: PathPrefix(`/sym`), service: b, middlewares: [hmac]}
                       services:
                         b: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(jwks.replace("'", "''").replace("\n", " "), hmacSecret, backend.url()))) {
            assertThat(gw.gateway().problems()).isEmpty();
            List<String> failures = new ArrayList<>();
            tokens.forEach((alg, token) -> check(gw, "/asym", alg, token, 200, failures));
            hmacTokens.forEach((alg, token) -> check(gw, "/sym", alg, token, 200, failures));
            // A key verifies only its own family: HMAC tokens on the key-set route, and the reverse, are refused.
            hmacTokens.forEach((alg, token) -> check(gw, "/asym", alg, token, 401, failures));
            tokens.forEach((alg, token) -> check(gw, "/sym", alg, token, 401, failures));
            assertThat(failures).isEmpty();
        }
    }

    private static void check(TestGateway gw, String path, String alg, String token, int expected, List<String> failures) {
        try {
            int status = Http.get(gw.url(path), "Authorization", "Bearer " + token).statusCode();
            if (status != expected) {
                failures.add(alg + " on " + path + ": " + status + " instead of " + expected);
            }
        } catch (Exception e) {
            failures.add(alg + ": " + e);
        }
    }

    private static String nimbus(JWSAlgorithm alg, String kid, JWSSigner signer) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("interop").issuer("https://idp.example")
                .expirationTime(new Date(System.currentTimeMillis() + 300_000)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String ed25519(KeyPair pair) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"EdDSA\",\"kid\":\"ed\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"interop\",\"exp\":" + (System.currentTimeMillis() / 1000 + 300) + "}")
                .getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(pair.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(s.sign());
    }
}
