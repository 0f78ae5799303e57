package io.jwtgate.jwt;

import static io.jwtgate.jwt.support.Auth.allowed;
import static io.jwtgate.jwt.support.Auth.create;
import static io.jwtgate.jwt.support.Auth.denied;
import static io.jwtgate.jwt.support.Auth.options;
import static io.jwtgate.jwt.support.Auth.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import io.jwtgate.jwt.support.TestKeys;
import io.jwtgate.jwt.support.Tokens;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tokens minted by independent implementations (Nimbus, JDK) verify through {@link JwtAuthenticator}. */
class InteropTest {

    static final byte[] SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".getBytes();
    static final String PAYLOAD = "{\"sub\":\"interop\",\"n\":1.50}";

    static List<Arguments> nimbusCases() throws Exception {
        String secret = Base64.getEncoder().encodeToString(SECRET);
        Map<String, Object> hmac = options("signingSecret", secret, "signingSecretBase64Encoded", true);
        Map<String, Object> rsa = options("publicKey", TestKeys.pem(TestKeys.RSA_2048.getPublic()));
        return List.of(
                Arguments.of(JWSAlgorithm.HS256, new MACSigner(SECRET), hmac),
                Arguments.of(JWSAlgorithm.HS384, new MACSigner(SECRET), hmac),
                Arguments.of(JWSAlgorithm.HS512, new MACSigner(SECRET), hmac),
                Arguments.of(JWSAlgorithm.RS256, new RSASSASigner(TestKeys.RSA_2048.getPrivate()), rsa),
                Arguments.of(JWSAlgorithm.RS384, new RSASSASigner(TestKeys.RSA_2048.getPrivate()), rsa),
                Arguments.of(JWSAlgorithm.RS512, new RSASSASigner(TestKeys.RSA_2048.getPrivate()), rsa),
                Arguments.of(JWSAlgorithm.PS256, new RSASSASigner(TestKeys.RSA_2048.getPrivate()), rsa),
                Arguments.of(JWSAlgorithm.PS384, new RSASSASigner(TestKeys.RSA_2048.getPrivate()), rsa),
                Arguments.of(JWSAlgorithm.PS512, new RSASSASigner(TestKeys.RSA_2048.getPrivate()), rsa),
                Arguments.of(JWSAlgorithm.ES256, ec(TestKeys.EC_P256), options("publicKey", TestKeys.pem(TestKeys.EC_P256.getPublic()))),
                Arguments.of(JWSAlgorithm.ES384, ec(TestKeys.EC_P384), options("publicKey", TestKeys.pem(TestKeys.EC_P384.getPublic()))),
                Arguments.of(JWSAlgorithm.ES512, ec(TestKeys.EC_P521), options("publicKey", TestKeys.pem(TestKeys.EC_P521.getPublic()))));
    }

    static JWSSigner ec(KeyPair pair) throws Exception {
        return new ECDSASigner((ECPrivateKey) pair.getPrivate());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nimbusCases")
    void nimbusTokensVerify(JWSAlgorithm alg, JWSSigner signer, Map<String, Object> options) throws Exception {
        JwtAuthenticator auth = create(options);
        String token = Tokens.nimbus(signer, alg, "some-kid", PAYLOAD);
        AuthOutcome.Allowed a = allowed(run(auth, token));
        assertThat(a.claims()).containsEntry("sub", "interop");
        assertThat(a.claims().get("n")).hasToString("1.50");
        // One flipped signature bit must fail.
        byte[] sig = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
        sig[sig.length / 2] ^= 1;
        assertThat(denied(run(auth, Tokens.withSignature(token, sig))).reason()).isEqualTo(DenyReason.BAD_SIGNATURE);
    }

    @Test
    void nimbusTokensVerifyAgainstAJwksWithKidAndAlg() throws Exception {
        RSAKey rsa = new RSAKey.Builder((RSAPublicKey) TestKeys.RSA_2048.getPublic()).keyID("r").algorithm(JWSAlgorithm.PS256).build();
        ECKey ec = new ECKey.Builder(Curve.P_256, (ECPublicKey) TestKeys.EC_P256.getPublic()).keyID("e").build();
        JwtAuthenticator auth = create(options("jwksFile", new JWKSet(List.of(rsa, ec)).toString()));
        assertThat(run(auth, Tokens.nimbus(new RSASSASigner(TestKeys.RSA_2048.getPrivate()), JWSAlgorithm.PS256, "r", PAYLOAD)))
                .isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(run(auth, Tokens.nimbus(ec(TestKeys.EC_P256), JWSAlgorithm.ES256, "e", PAYLOAD))).isInstanceOf(AuthOutcome.Allowed.class);
        // JWK alg PS256 refuses an RS256 token with the same key (attacks #3).
        assertThat(denied(run(auth, Tokens.nimbus(new RSASSASigner(TestKeys.RSA_2048.getPrivate()), JWSAlgorithm.RS256, "r", PAYLOAD))).reason())
                .isEqualTo(DenyReason.UNKNOWN_KEY);
        // No kid: exactly one key fits ES256, so it is used (decision 10).
        assertThat(run(auth, Tokens.nimbus(ec(TestKeys.EC_P256), JWSAlgorithm.ES256, null, PAYLOAD))).isInstanceOf(AuthOutcome.Allowed.class);
    }

    static byte[] ed25519X(KeyPair pair) {
        byte[] spki = pair.getPublic().getEncoded();
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    @Test
    void jdkEd25519TokensVerifyWithPemAndJwk() throws Exception {
        String token = Tokens.jca("Ed25519", TestKeys.ED25519.getPrivate(), "{\"alg\":\"EdDSA\",\"kid\":\"ed\"}", PAYLOAD);
        assertThat(run(create(options("publicKey", TestKeys.pem(TestKeys.ED25519.getPublic()))), token)).isInstanceOf(AuthOutcome.Allowed.class);
        OctetKeyPair okp = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(ed25519X(TestKeys.ED25519))).keyID("ed").build();
        JwtAuthenticator jwks = create(options("jwksFile", new JWKSet(okp).toString()));
        assertThat(run(jwks, token)).isInstanceOf(AuthOutcome.Allowed.class);
        String other = Tokens.jca("Ed25519", TestKeys.ed25519().getPrivate(), "{\"alg\":\"EdDSA\",\"kid\":\"ed\"}", PAYLOAD);
        assertThat(denied(run(jwks, other)).reason()).isEqualTo(DenyReason.BAD_SIGNATURE);
    }

    @Test
    void keysVerifyOnlyTheirOwnFamilyAndCurve() throws Exception {
        JwtAuthenticator p256 = create(options("publicKey", TestKeys.pem(TestKeys.EC_P256.getPublic())));
        assertThat(denied(run(p256, Tokens.nimbus(ec(TestKeys.EC_P384), JWSAlgorithm.ES384, null, PAYLOAD))).reason())
                .isEqualTo(DenyReason.UNKNOWN_KEY);
        assertThat(denied(run(p256, Tokens.nimbus(new RSASSASigner(TestKeys.RSA_2048.getPrivate()), JWSAlgorithm.RS256, null, PAYLOAD))).reason())
                .isEqualTo(DenyReason.UNKNOWN_KEY);
        JwtAuthenticator secret = create(options("signingSecret", new String(SECRET)));
        assertThat(denied(run(secret, Tokens.nimbus(ec(TestKeys.EC_P256), JWSAlgorithm.ES256, null, PAYLOAD))).reason())
                .isEqualTo(DenyReason.UNKNOWN_KEY);
    }
}
