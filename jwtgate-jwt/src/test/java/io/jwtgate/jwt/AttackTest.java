package io.jwtgate.jwt;

import static io.jwtgate.jwt.support.Auth.create;
import static io.jwtgate.jwt.support.Auth.denied;
import static io.jwtgate.jwt.support.Auth.options;
import static io.jwtgate.jwt.support.Auth.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import io.jwtgate.jwt.support.Requests;
import io.jwtgate.jwt.support.TestKeys;
import io.jwtgate.jwt.support.Tokens;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The attack classes of attacks.md that apply to the library, each as a regression test. */
class AttackTest {

    static final String SECRET = "a-signing-secret-of-at-least-32-bytes!";
    static final String RSA_PEM = TestKeys.pem(TestKeys.RSA_2048.getPublic());
    static final String ES_HEADER = "{\"alg\":\"ES256\",\"kid\":\"e\"}";

    static DenyReason reason(JwtAuthenticator auth, String token) {
        return denied(run(auth, token)).reason();
    }

    static String hs(String header, String payload) {
        return Tokens.hmac("HmacSHA256", SECRET.getBytes(StandardCharsets.UTF_8), header, payload);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE", "hs256", "HS256 ", "RS1", ""})
    void a01_algNoneAndUnknownAlgorithmsAreRefused(String alg) throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET));
        String token = Tokens.b64("{\"alg\":\"" + alg + "\"}") + "." + Tokens.b64("{}") + ".";
        assertThat(reason(auth, token)).isEqualTo(DenyReason.UNSUPPORTED_ALGORITHM);
        String signed = hs("{\"alg\":\"" + alg + "\"}", "{}");
        assertThat(reason(auth, signed)).isEqualTo(DenyReason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void a02_hmacSignedWithThePublicKeyIsRefused() throws Exception {
        JwtAuthenticator pem = create(options("publicKey", RSA_PEM));
        RSAPublicKey pub = (RSAPublicKey) TestKeys.RSA_2048.getPublic();
        List<byte[]> forms = List.of(RSA_PEM.getBytes(StandardCharsets.US_ASCII), pub.getEncoded(),
                concat(pub.getModulus().toByteArray(), pub.getPublicExponent().toByteArray()));
        Path dir = Files.createTempDirectory("jwks");
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, new JWKSet(new RSAKey.Builder(pub).keyID("real").build()).toString());
        JwtAuthenticator jwks = create(options("jwksFile", file.toString()));
        for (byte[] key : forms) {
            String token = Tokens.hmac("HmacSHA256", key, "{\"alg\":\"HS256\",\"kid\":\"real\"}", "{}");
            assertThat(reason(pem, token)).isEqualTo(DenyReason.UNKNOWN_KEY);
            assertThat(reason(jwks, token)).isEqualTo(DenyReason.UNKNOWN_KEY);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void a03_jwkUseEncOrOtherAlgIsRefused() throws Exception {
        RSAPublicKey pub = (RSAPublicKey) TestKeys.RSA_2048.getPublic();
        String set = "{\"keys\":[" + new RSAKey.Builder(pub).keyID("enc").keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION).build().toJSONString()
                + "," + new RSAKey.Builder(pub).keyID("rs").algorithm(JWSAlgorithm.RS256).build().toJSONString() + "]}";
        JwtAuthenticator auth = create(options("jwksFile", set));
        RSASSASigner signer = new RSASSASigner(TestKeys.RSA_2048.getPrivate());
        assertThat(reason(auth, Tokens.nimbus(signer, JWSAlgorithm.RS256, "enc", "{}"))).isEqualTo(DenyReason.UNKNOWN_KEY);
        assertThat(reason(auth, Tokens.nimbus(signer, JWSAlgorithm.PS256, "rs", "{}"))).isEqualTo(DenyReason.UNKNOWN_KEY);
        assertThat(run(auth, Tokens.nimbus(signer, JWSAlgorithm.RS256, "rs", "{}"))).isInstanceOf(AuthOutcome.Allowed.class);
    }

    @Test
    void a04_kidIsAnOpaqueMapKey() throws Exception {
        String set = new JWKSet(new RSAKey.Builder((RSAPublicKey) TestKeys.RSA_2048.getPublic()).keyID("k").build()).toString();
        JwtAuthenticator jwks = create(options("jwksFile", set));
        JwtAuthenticator secret = create(options("signingSecret", SECRET));
        for (String kid : List.of("../../../../dev/null", "' OR 1=1--", "/etc/passwd")) {
            String token = Tokens.hmac("HmacSHA256", new byte[1], "{\"alg\":\"HS256\",\"kid\":\"" + kid + "\"}", "{}");
            assertThat(reason(jwks, token)).isEqualTo(DenyReason.UNKNOWN_KEY);
            assertThat(reason(secret, token)).isEqualTo(DenyReason.BAD_SIGNATURE);
        }
        assertThat(reason(secret, hs("{\"alg\":\"HS256\",\"kid\":\"a\\u0000b\"}", "{}"))).isEqualTo(DenyReason.MALFORMED_TOKEN);
        assertThat(reason(secret, hs("{\"alg\":\"HS256\",\"kid\":\"" + "k".repeat(10_000) + "\"}", "{}"))).isEqualTo(DenyReason.MALFORMED_TOKEN);
    }

    @Test
    void a05_a06_keysFromTheTokenHeaderAreNeverUsedOrFetched() throws Exception {
        AtomicInteger canaryHits = new AtomicInteger();
        HttpServer canary = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        canary.createContext("/", exchange -> {
            canaryHits.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        canary.start();
        try {
            String url = "http://127.0.0.1:" + canary.getAddress().getPort() + "/jwks.json";
            KeyPair attacker = TestKeys.ec("secp256r1");
            String embedded = new ECKey.Builder(Curve.P_256, (ECPublicKey) attacker.getPublic()).build().toJSONString();
            String header = "{\"alg\":\"ES256\",\"jku\":\"" + url + "\",\"x5u\":\"" + url + "\",\"jwk\":" + embedded + "}";
            String token = Tokens.jca("SHA256withECDSAinP1363Format", attacker.getPrivate(), header, "{}");
            JwtAuthenticator auth = create(options("publicKey", TestKeys.pem(TestKeys.EC_P256.getPublic())));
            assertThat(reason(auth, token)).isEqualTo(DenyReason.BAD_SIGNATURE);
            JwtAuthenticator jwksUrl = create(options("jwksUrl", "/jwks.json", "claims", "Equals(`iss`, `https://idp.example.com`)"));
            assertThat(reason(jwksUrl, token)).isEqualTo(DenyReason.ISSUER_NOT_TRUSTED);
            jwksUrl.close();
            assertThat(canaryHits).hasValue(0);
        } finally {
            canary.stop(0);
        }
    }

    @Test
    void a08_a09_ecdsaZeroDerAndMalformedSignaturesAreRefused() throws Exception {
        JwtAuthenticator auth = create(options("publicKey", TestKeys.pem(TestKeys.EC_P256.getPublic())));
        String valid = Tokens.jca("SHA256withECDSAinP1363Format", TestKeys.EC_P256.getPrivate(), ES_HEADER, "{}");
        assertThat(run(auth, valid)).isInstanceOf(AuthOutcome.Allowed.class);
        byte[] sig = Tokens.b64(new byte[0]).isEmpty() ? java.util.Base64.getUrlDecoder().decode(valid.substring(valid.lastIndexOf('.') + 1)) : null;
        BigInteger n = ((ECPublicKey) TestKeys.EC_P256.getPublic()).getParams().getOrder();
        byte[] highS = sig.clone();
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        byte[] sPlusN = s.add(n).toByteArray(); // s + n >= n: out of range even though it is s mod n
        List<byte[]> bad = List.of(
                new byte[64],
                HexFormat.of().parseHex("3006020100020100"),
                der(sig),
                Arrays.copyOf(sig, 63),
                Arrays.copyOf(sig, 65),
                Arrays.copyOf(sig, 96),
                replaceS(highS, sPlusN));
        for (byte[] signature : bad) {
            assertThat(reason(auth, Tokens.withSignature(valid, signature))).as(HexFormat.of().formatHex(signature)).isEqualTo(DenyReason.BAD_SIGNATURE);
        }
    }

    static byte[] replaceS(byte[] sig, byte[] s) {
        byte[] out = Arrays.copyOf(sig, 32 + s.length);
        System.arraycopy(s, 0, out, 32, s.length);
        return s.length == 32 ? out : Arrays.copyOf(out, out.length); // 33 bytes: also a wrong length
    }

    static byte[] der(byte[] p1363) {
        byte[] r = new BigInteger(1, Arrays.copyOfRange(p1363, 0, 32)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(p1363, 32, 64)).toByteArray();
        byte[] out = new byte[6 + r.length + s.length];
        out[0] = 0x30;
        out[1] = (byte) (4 + r.length + s.length);
        out[2] = 0x02;
        out[3] = (byte) r.length;
        System.arraycopy(r, 0, out, 4, r.length);
        out[4 + r.length] = 0x02;
        out[5 + r.length] = (byte) s.length;
        System.arraycopy(s, 0, out, 6 + r.length, s.length);
        return out;
    }

    @Test
    void a11_oversizedTokensAndDeepNestingAreRefusedFast() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET));
        assertThat(reason(auth, "a".repeat(1 << 20))).isEqualTo(DenyReason.TOKEN_TOO_LARGE);
        assertThat(reason(auth, hs("{\"alg\":\"HS256\"}", "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}")))
                .isEqualTo(DenyReason.TOKEN_TOO_LARGE);
        assertThat(reason(auth, hs("{\"alg\":\"HS256\"}", "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}")))
                .isEqualTo(DenyReason.MALFORMED_TOKEN);
        assertThat(reason(auth, hs("{\"alg\":\"HS256\"}", "{\"a\":" + "9".repeat(1000) + "}"))).isEqualTo(DenyReason.MALFORMED_TOKEN);
        assertThat(run(auth, hs("{\"alg\":\"HS256\"}", "{\"a\":" + "[".repeat(20) + "]".repeat(20) + "}"))).isInstanceOf(AuthOutcome.Allowed.class);
    }

    @Test
    void a12_duplicateMembersAreRefused() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET));
        assertThat(reason(auth, hs("{\"alg\":\"HS256\",\"alg\":\"none\"}", "{}"))).isEqualTo(DenyReason.MALFORMED_TOKEN);
        assertThat(reason(auth, hs("{\"alg\":\"HS256\"}", "{\"sub\":\"a\",\"sub\":\"admin\"}"))).isEqualTo(DenyReason.MALFORMED_TOKEN);
        assertThat(reason(auth, hs("{\"alg\":\"HS256\"}", "{\"u\":{\"r\":1,\"r\":2}}"))).isEqualTo(DenyReason.MALFORMED_TOKEN);
    }

    @Test
    void a13_a14_a15_critB64AndNestedTokensAreRefused() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET));
        for (String header : List.of("{\"alg\":\"HS256\",\"crit\":[\"x-custom\"],\"x-custom\":1}", "{\"alg\":\"HS256\",\"crit\":[]}",
                "{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}", "{\"alg\":\"HS256\",\"b64\":false}",
                "{\"alg\":\"HS256\",\"cty\":\"JWT\"}")) {
            assertThat(reason(auth, hs(header, "{}"))).as(header).isEqualTo(DenyReason.UNSUPPORTED_HEADER);
        }
        String jwe = Tokens.b64("{\"alg\":\"PBES2-HS256+A128KW\",\"enc\":\"A128GCM\",\"p2c\":2147483647}") + ".a.b.c.d";
        assertThat(reason(auth, jwe)).isEqualTo(DenyReason.MALFORMED_TOKEN);
        assertThat(reason(auth, hs("{\"alg\":\"HS256\",\"enc\":\"A128GCM\"}", "{}"))).isEqualTo(DenyReason.MALFORMED_TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1\"", "1e309", "null", "true", "[1]", "{}", "-1", "1e12"})
    void a17_timeClaimTypeConfusion(String exp) throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET));
        for (String claim : List.of("exp", "nbf", "iat")) {
            assertThat(reason(auth, hs("{\"alg\":\"HS256\"}", "{\"" + claim + "\":" + exp + "}"))).as(claim + "=" + exp)
                    .isEqualTo(DenyReason.INVALID_TIME_CLAIM);
        }
    }

    @Test
    void a22_kidLessTokenWithSeveralFittingKeysIsRefused() throws Exception {
        JWKSet set = new JWKSet(List.of(
                new RSAKey.Builder((RSAPublicKey) TestKeys.RSA_2048.getPublic()).keyID("1").build(),
                new RSAKey.Builder((RSAPublicKey) TestKeys.RSA_2048_B.getPublic()).keyID("2").build(),
                new ECKey.Builder(Curve.P_256, (ECPublicKey) TestKeys.EC_P256.getPublic()).keyID("3").build()));
        JwtAuthenticator auth = create(options("jwksFile", set.toString()));
        assertThat(reason(auth, Tokens.nimbus(new RSASSASigner(TestKeys.RSA_2048.getPrivate()), JWSAlgorithm.RS256, null, "{}")))
                .isEqualTo(DenyReason.UNKNOWN_KEY);
        assertThat(run(auth, Tokens.nimbus(new ECDSASigner((ECPrivateKey) TestKeys.EC_P256.getPrivate()), JWSAlgorithm.ES256, null, "{}")))
                .isInstanceOf(AuthOutcome.Allowed.class);
    }

    @Test
    void a23_encodingTricksAreRefused() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET));
        String valid = hs("{\"alg\":\"HS256\"}", "{\"sub\":\"x\"}");
        assertThat(run(auth, valid)).isInstanceOf(AuthOutcome.Allowed.class);
        String sig = valid.substring(valid.lastIndexOf('.') + 1); // 43 chars: the last one carries 2 unused bits
        char last = sig.charAt(sig.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String flipped = valid.substring(0, valid.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        List<String> tricks = List.of(valid + "=", valid.replace('.', '.') + ".", valid + ".x",
                flipped, valid.replace("-", "+").replace("_", "/").equals(valid) ? valid + "+" : valid.replace("-", "+").replace("_", "/"),
                " " + valid, valid.substring(0, 5) + "\r\n" + valid.substring(5));
        for (String token : tricks) {
            assertThat(reason(auth, token)).as(token).isIn(DenyReason.MALFORMED_TOKEN, DenyReason.BAD_SIGNATURE);
        }
        assertThat(reason(auth, flipped)).isEqualTo(DenyReason.MALFORMED_TOKEN);
        // A second Bearer token or whitespace in the header is an invalid credential.
        for (String header : List.of("Bearer " + valid + ", Bearer " + valid, "Bearer " + valid + " x", "Bearer\t" + valid)) {
            assertThat(denied(run(auth, Requests.request().header("Authorization", header))).reason()).as(header)
                    .isEqualTo(DenyReason.MALFORMED_TOKEN);
        }
    }

    @Test
    void a25_a26_spoofedAndInjectedHeaders() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET, "forwardHeaders", java.util.Map.of("X-Jwt-Sub", "sub", "X-Name", "name")));
        AuthOutcome.Allowed a = (AuthOutcome.Allowed) run(auth, Requests.bearer(hs("{\"alg\":\"HS256\"}", "{}")).header("X-Jwt-Sub", "admin"));
        assertThat(a.removeHeaders()).contains("X-Jwt-Sub", "X-Name");
        assertThat(a.addHeaders()).extracting(java.util.Map.Entry::getValue).containsOnly("");
        assertThat(reason(auth, hs("{\"alg\":\"HS256\"}", "{\"name\":\"a\\r\\nX-Admin: true\"}"))).isEqualTo(DenyReason.INVALID_HEADER_VALUE);
    }

    @Test
    void a27_hmacComparisonIsConstantTime() throws Exception {
        String source = Files.readString(Path.of("src/main/java/io/jwtgate/jwt/verify/SignatureVerifier.java"));
        assertThat(source).contains("MessageDigest.isEqual(expected, signature)").doesNotContain("Arrays.equals");
    }

    @Test
    void a29_bodiesAreIdenticalWhateverTheCause() throws Exception {
        JwtAuthenticator auth = create(options("signingSecret", SECRET));
        List<AuthOutcome.Denied> denials = List.of(
                denied(run(auth, hs("{\"alg\":\"HS256\"}", "{\"exp\":1}"))),
                denied(run(auth, Tokens.withSignature(hs("{\"alg\":\"HS256\"}", "{}"), new byte[32]))),
                denied(run(auth, "garbage")),
                denied(run(auth, Requests.request())));
        assertThat(denials).extracting(AuthOutcome.Denied::body).containsOnly("401 Unauthorized\n");
        assertThat(denials).extracting(AuthOutcome.Denied::reason).doesNotHaveDuplicates();
    }
}
