package io.jwtgate.gateway.security;

import static io.jwtgate.gateway.security.Attacks.assertAllowed;
import static io.jwtgate.gateway.security.Attacks.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TestGateway;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attack classes about the token's own bytes (attacks.md rows 1, 8, 9, 11, 12, 13, 14, 15, 17, 23, 29),
 * each sent through a running gateway: refused with the documented status, never a 5xx, and the
 * backend is never reached.
 */
class TokenFormatAttacksIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final String SECRET = "a-signing-secret-of-at-least-32-bytes!";
    static final String HS = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    static CountingBackend backend;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        backend = closing.add(new CountingBackend());
        gw = closing.add(TestGateway.builder()
                .web("""
                http:
                  maxHeaderBytes: 65536
                """)
                .start("""
                http:
                  middlewares:
                    hs:
                      plugin:
                        jwt:
                          signingSecret: "%s"
                    es:
                      plugin:
                        jwt:
                          publicKey: |
                            %s
                  routers:
                    hs: {rule: PathPrefix(`/hs`), service: b, middlewares: [hs]}
                    es: {rule: PathPrefix(`/es`), service: b, middlewares: [es]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(SECRET, Attacks.indent(Jose.pem(Jose.EC.getPublic()), 12), backend.url())));
    }


    static URI hs() {
        return gw.url("/hs");
    }

    static String signed(String header, String payload) {
        return Jose.hs256(SECRET, header, payload);
    }

    @Test
    void row01_algNoneIsRefused() throws Exception {
        assertAllowed(hs(), signed(HS, "{\"sub\":\"ok\"}"), backend);
        for (String alg : List.of("none", "None", "NONE", "nOnE")) {
            String unsigned = Jose.b64("{\"alg\":\"" + alg + "\"}") + "." + Jose.b64("{\"sub\":\"admin\"}") + ".";
            assertRefused(hs(), unsigned, backend, 401);
            assertRefused(hs(), signed("{\"alg\":\"" + alg + "\"}", "{\"sub\":\"admin\"}"), backend, 401);
        }
    }

    @Test
    void row08_ecdsaPsychicSignatureIsRefused() throws Exception {
        String valid = Jose.es256(Jose.EC, "e", "{}");
        assertAllowed(gw.url("/es"), valid, backend);
        assertRefused(gw.url("/es"), Jose.withSignature(valid, new byte[64]), backend, 401);
        assertRefused(gw.url("/es"), Jose.withSignature(valid, HexFormat.of().parseHex("3006020100020100")), backend, 401);
    }

    @Test
    void row09_malformedEcdsaSignatureEncodingsAreRefused() throws Exception {
        String valid = Jose.es256(Jose.EC, "e", "{\"sub\":\"x\"}");
        byte[] sig = Jose.unb64(Jose.signatureOf(valid));
        BigInteger n = ((ECPublicKey) Jose.EC.getPublic()).getParams().getOrder();
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        byte[] highS = Arrays.copyOf(sig, 64);
        byte[] nMinusS = Jose.pad32(Jose.unsigned(n.subtract(s)));
        System.arraycopy(nMinusS, 0, highS, 32, 32); // (r, n - s): the malleable twin, valid for lax verifiers
        for (byte[] bad : List.of(Arrays.copyOf(sig, 63), Arrays.copyOf(sig, 65), Arrays.copyOf(sig, 96), der(sig),
                Jose.unsigned(n.add(s)), new byte[] {0})) {
            assertRefused(gw.url("/es"), Jose.withSignature(valid, bad), backend, 401);
        }
        HttpResponse<String> twin = Attacks.bearer(gw.url("/es"), Jose.withSignature(valid, highS));
        assertThat(twin.statusCode()).as("high-S twin: accepted like the JDK does, or refused; never a 5xx").isIn(200, 401);
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
    void row11_oversizedTokensAndJsonBombsAreRefused() throws Exception {
        // Over the entry point's header limit: 431 before any middleware runs.
        HttpResponse<String> huge = Attacks.bearer(hs(), "a".repeat(1 << 20));
        assertThat(huge.statusCode()).isEqualTo(431);
        // Under the header limit but over the 16 KiB token limit.
        assertRefused(hs(), signed(HS, "{\"pad\":\"" + "x".repeat(20_000) + "\"}"), backend, 401);
        assertRefused(hs(), signed(HS, "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"), backend, 401);
        assertRefused(hs(), signed(HS, "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}"), backend, 401);
        assertRefused(hs(), signed(HS, "{\"exp\":1e309}"), backend, 401);
        assertRefused(hs(), signed(HS, "{\"n\":" + "9".repeat(1000) + "}"), backend, 401);
    }

    @Test
    void row12_duplicateMemberNamesAreRefused() throws Exception {
        assertRefused(hs(), signed("{\"alg\":\"HS256\",\"alg\":\"none\"}", "{}"), backend, 401);
        assertRefused(hs(), signed(HS, "{\"sub\":\"a\",\"sub\":\"admin\"}"), backend, 401);
        assertRefused(hs(), signed(HS, "{\"exp\":1,\"exp\":9999999999}"), backend, 401);
    }

    @Test
    void row13_critHeaderIsRefused() throws Exception {
        assertRefused(hs(), signed("{\"alg\":\"HS256\",\"crit\":[\"x-custom\"],\"x-custom\":1}", "{}"), backend, 401);
        assertRefused(hs(), signed("{\"alg\":\"HS256\",\"crit\":[]}", "{}"), backend, 401);
        assertRefused(hs(), signed("{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", "{}"), backend, 401);
    }

    @Test
    void row14_unencodedPayloadB64FalseIsRefused() throws Exception {
        assertRefused(hs(), signed("{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}", "{}"), backend, 401);
        assertRefused(hs(), signed("{\"alg\":\"HS256\",\"b64\":false}", "{}"), backend, 401);
    }

    @Test
    void row15_nestedJwtAndJweAreRefused() throws Exception {
        String inner = signed(HS, "{\"sub\":\"admin\"}");
        assertRefused(hs(), Jose.hs256(SECRET, "{\"alg\":\"HS256\",\"cty\":\"JWT\"}", inner), backend, 401);
        String jwe = Jose.b64("{\"alg\":\"PBES2-HS256+A128KW\",\"enc\":\"A128GCM\",\"p2c\":2147483647}") + ".AAAA.AAAA.AAAA.AAAA";
        assertRefused(hs(), jwe, backend, 401);
        assertRefused(hs(), signed("{\"alg\":\"HS256\",\"enc\":\"A128GCM\",\"zip\":\"DEF\"}", "{}"), backend, 401);
    }

    @Test
    void row17_timeClaimTypeConfusionIsRefused() throws Exception {
        for (String value : List.of("\"9999999999\"", "1e12", "-1", "null", "[9999999999]", "true", "{}", "1e309")) {
            for (String claim : List.of("exp", "nbf", "iat")) {
                assertRefused(hs(), signed(HS, "{\"" + claim + "\":" + value + "}"), backend, 401);
            }
        }
        assertRefused(hs(), signed(HS, "{\"exp\":" + Jose.now() + "}"), backend, 401);
        assertRefused(hs(), signed(HS, "{\"exp\":" + (Jose.now() - 60) + "}"), backend, 401);
        assertAllowed(hs(), signed(HS, "{\"exp\":" + (Jose.now() + 60) + "}"), backend);
        // Documented: a fractional number within 0..year 9999 is a valid NumericDate (RFC 7519 section 2).
        assertAllowed(hs(), signed(HS, "{\"exp\":1.5e10}"), backend);
    }

    @Test
    void row23_encodingTricksAreRefused() throws Exception {
        String valid = signed(HS, "{\"sub\":\"x\"}");
        String sig = Jose.signatureOf(valid);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = sig.charAt(sig.length() - 1);
        String flippedLowBits = valid.substring(0, valid.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String stdAlphabet = valid.replace('-', '+').replace('_', '/');
        for (String token : List.of(valid + "=", valid + ".", valid + ".x", "." + valid, flippedLowBits,
                stdAlphabet.equals(valid) ? valid + "+" : stdAlphabet, valid.replace(".", ".."), valid + "%0d%0a")) {
            assertRefused(hs(), token, backend, 401);
        }
        for (String header : List.of("Bearer " + valid + ", Bearer " + valid, "Bearer " + valid + " " + valid,
                "Basic " + valid, "Bearer", "Bearer " + valid + ",")) {
            int before = backend.hits();
            HttpResponse<String> r = io.jwtgate.gateway.support.Http.get(hs(), "Authorization", header);
            Attacks.assertRefused(r, 401);
            assertThat(backend.hits()).isEqualTo(before);
        }
    }

    @Test
    void row29_errorBodiesAreIdenticalWhateverTheCause() throws Exception {
        String valid = signed(HS, "{\"sub\":\"x\"}");
        List<HttpResponse<String>> responses = List.of(
                assertRefused(hs(), Jose.withSignature(valid, new byte[32]), backend, 401),
                assertRefused(hs(), signed("{\"alg\":\"RS256\",\"kid\":\"nope\"}", "{}"), backend, 401),
                assertRefused(hs(), signed(HS, "{\"exp\":1}"), backend, 401),
                assertRefused(hs(), "garbage", backend, 401),
                assertRefused(hs(), signed("{\"alg\":\"HS256\",\"crit\":[\"x\"]}", "{}"), backend, 401));
        assertThat(responses).extracting(HttpResponse::body).containsOnly("401 Unauthorized\n");
        assertThat(responses).extracting(r -> r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .containsOnly("Bearer error=\"invalid_token\"");
        assertThat(responses).extracting(r -> r.headers().map().keySet()).allSatisfy(names -> assertThat(names)
                .doesNotContain("x-jwt-reason", "x-error"));
    }
}
