package io.jwtgate.jwt.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The word-at-a-time check against the character loop it replaces, for every character at every position of a word. */
class CredentialCharsTest {

    /** The definition: printable ASCII, no space, no comma. */
    private static boolean reference(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == ',' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            eyJhbGciOiJIUzI1NiJ9.e30.abc           | true
            a                                      | true
            abcdefgh                               | true
            abcdefghijklmnopq-_.~+/=!#$%&'()*:;<>? | true
            abcdefgh,ijklmnop                      | false
            abcdefghijklmnop,                      | false
            """)
    void namedCases(String credential, boolean single) {
        assertThat(CredentialChars.isSingleToken(credential)).isEqualTo(single);
    }

    @Test
    void everyCharacterAtEveryPositionAgreesWithTheCharacterLoop() {
        char[] specials = {0x80, 0xA0, 0xE9, 0xFF, 0x100, 0x20AC, 0xFFFF};
        for (int length = 1; length <= 25; length++) {
            for (int at = 0; at < length; at++) {
                for (int c = 0; c < 0x80 + specials.length; c++) {
                    char ch = c < 0x80 ? (char) c : specials[c - 0x80];
                    char[] chars = "abcdefghijklmnopqrstuvwxyz".substring(0, length).toCharArray();
                    chars[at] = ch;
                    String s = new String(chars);
                    assertThat(CredentialChars.isSingleToken(s)).as("char %04x at %d of %d", (int) ch, at, length).isEqualTo(reference(s));
                }
            }
        }
    }

    @Test
    void bytesJustAboveAndBelowTheLimitsInEveryLaneOfAWord() {
        // A byte below a limit borrows from the next lane: the lanes above it must not hide or invent one.
        for (String pair : new String[] {"!\u0020", "\u0020!", "+,", ",-", "~\u007f", "\u007f~", "!!", "--", "~~"}) {
            for (int at = 0; at + 2 <= 16; at++) {
                String s = "x".repeat(at) + pair + "x".repeat(16 - at - 2);
                assertThat(CredentialChars.isSingleToken(s)).as(s).isEqualTo(reference(s));
            }
        }
    }
}
