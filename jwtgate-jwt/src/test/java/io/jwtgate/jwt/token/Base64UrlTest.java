package io.jwtgate.jwt.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Strict base64url (attacks #23): table-driven cases, and a differential check on random and mutated
 * inputs against a reference definition: text is canonical base64url exactly when the JDK decodes it
 * and re-encoding the bytes (URL alphabet, no padding) gives the same text back.
 */
class Base64UrlTest {

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "'',          ''",
            "QQ,          41",
            "QUI,         4142",
            "QUJD,        414243",
            "_-8,         ffef",
            "QR,          NULL",   // unused bits set: a second encoding of "A"
            "QUJ,         NULL",   // unused bits set
            "QQ==,        NULL",   // padding
            "QUI=,        NULL",
            "Q,           NULL",   // one leftover character cannot encode a byte
            "QUJD+/,      NULL",   // standard alphabet
            "QU JD,       NULL",   // whitespace
            "QU=D,        NULL",   // padding in the middle
    })
    void decodesOnlyCanonicalBase64url(String text, String hex) {
        byte[] decoded = Base64Url.decode(text);
        if (hex == null) {
            assertThat(decoded).isNull();
        } else {
            assertThat(decoded).isEqualTo(java.util.HexFormat.of().parseHex(hex));
        }
    }

    @Test
    void decodesARangeOfALargerArray() {
        byte[] token = "xx.QUJD.yy".getBytes(StandardCharsets.US_ASCII);
        assertThat(Base64Url.decode(token, 3, 7)).containsExactly('A', 'B', 'C');
        assertThat(Base64Url.decode(token, 3, 3)).isEmpty();
        assertThat(Base64Url.decode("é")).isNull();
        assertThat(Base64Url.decode("QUJD\uD83D\uDE00")).isNull();
    }

    @Test
    void agreesWithTheReferenceOnRandomAndMutatedText() {
        Random random = new Random(29112026);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String noise = "=+/ .\n\u00e9\u0000";
        int accepted = 0;
        int refused = 0;
        for (int n = 0; n < 200_000; n++) {
            String text;
            if (n % 2 == 0) {
                byte[] raw = new byte[random.nextInt(200)];
                random.nextBytes(raw);
                StringBuilder b = new StringBuilder(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
                if (b.length() > 0 && random.nextBoolean()) {
                    int at = random.nextInt(b.length());
                    String pool = random.nextBoolean() ? alphabet : noise;
                    b.setCharAt(at, pool.charAt(random.nextInt(pool.length())));
                }
                text = b.toString();
            } else {
                StringBuilder b = new StringBuilder();
                for (int i = random.nextInt(12); i > 0; i--) {
                    b.append(random.nextInt(10) == 0 ? noise.charAt(random.nextInt(noise.length())) : alphabet.charAt(random.nextInt(64)));
                }
                text = b.toString();
            }
            byte[] expected = reference(text);
            assertThat(Base64Url.decode(text)).as(text).isEqualTo(expected);
            if (expected == null) {
                refused++;
            } else {
                accepted++;
            }
        }
        assertThat(accepted).isGreaterThan(50_000);
        assertThat(refused).isGreaterThan(50_000);
    }

    private static byte[] reference(String text) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(text);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(text) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
