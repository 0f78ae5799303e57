package io.jwtgate.jwt.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pad-state HMAC gives exactly the JDK's {@code Mac} output, for key and message lengths around every block boundary. */
class PrecomputedHmacTest {

    @ParameterizedTest
    @CsvSource({"SHA-256, HmacSHA256, 64", "SHA-384, HmacSHA384, 128", "SHA-512, HmacSHA512, 128"})
    void matchesTheJdkMac(String digest, String macName, int block) throws Exception {
        Random random = new Random(block);
        PrecomputedHmac hmac = new PrecomputedHmac(digest);
        Mac reference = Mac.getInstance(macName);
        int[] keyLengths = {1, 16, 32, block - 1, block, block + 1, 2 * block + 7};
        int[] messageLengths = {0, 1, block - 9, block - 8, block, block + 1, 3 * block + 5, 1000};
        int checked = 0;
        for (int keyLength : keyLengths) {
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            byte[] keyCopy = key.clone();
            hmac.init(key);
            assertThat(key).as("the caller's key is left intact").isEqualTo(keyCopy);
            reference.init(new SecretKeySpec(key, macName));
            for (int messageLength : messageLengths) {
                byte[] message = new byte[messageLength];
                random.nextBytes(message);
                // Twice: the pad states must survive a MAC unchanged.
                for (int repeat = 0; repeat < 2; repeat++) {
                    byte[] out = new byte[reference.getMacLength()];
                    hmac.mac(message, out);
                    assertThat(out).isEqualTo(reference.doFinal(message));
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(keyLengths.length * messageLengths.length * 2);
    }
}
