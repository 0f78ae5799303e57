package io.jwtgate.jwt.dpop;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.jwtgate.jwt.json.StrictJsonParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9449 section 4.3 htu comparison, and RFC 7638 thumbprints checked against Nimbus. */
class HtuAndThumbprintTest {

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource(delimiter = '|', value = {
            "https://api.example.com/a        | https://api.example.com/a          | true",
            "HTTPS://API.Example.com:443/a    | https://api.example.com/a          | true",
            "http://api.example.com:80/a      | http://api.example.com/a           | true",
            "https://api.example.com:8443/a   | https://api.example.com/a          | false",
            "https://api.example.com/a?x=1#f  | https://api.example.com/a          | true",
            "https://api.example.com          | https://api.example.com/           | true",
            "https://api.example.com/b/../a   | https://api.example.com/a          | true",
            "https://api.example.com/%61      | https://api.example.com/a          | true",
            "https://api.example.com/a%20b    | https://api.example.com/a b        | true",
            "https://api.example.com/a%2Fb    | https://api.example.com/a/b        | false",
            "https://api.example.com/a%2fb    | https://api.example.com/a%2Fb      | true",
            "https://api.example.com/A        | https://api.example.com/a          | false",
            "http://api.example.com/a         | https://api.example.com/a          | false",
            "https://u@api.example.com/a      | https://api.example.com/a          | false",
    })
    void htu(String proof, String request, boolean same) {
        String a = Htu.normalize(proof);
        String b = Htu.normalize(request);
        assertThat(a != null && a.equals(b)).isEqualTo(same);
    }

    @Test
    void thumbprintsAgreeWithNimbus() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("k").generate().toPublicJWK();
        RSAKey rsa = new RSAKeyGenerator(2048).generate().toPublicJWK();
        for (com.nimbusds.jose.jwk.JWK jwk : new com.nimbusds.jose.jwk.JWK[] {ec, rsa}) {
            var parsed = StrictJsonParser.parseObject(jwk.toJSONString().getBytes(StandardCharsets.UTF_8));
            assertThat(JwkThumbprint.of(parsed)).isEqualTo(jwk.computeThumbprint().toString());
        }
    }
}
