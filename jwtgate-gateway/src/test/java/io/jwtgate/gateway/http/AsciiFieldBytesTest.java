package io.jwtgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The word-at-a-time checks against the character loops they stand for, and FieldSyntax's value rule through both paths. */
class AsciiFieldBytesTest {

    private static final char[] NON_ASCII = {0x80, 0xA0, 0xE9, 0xFF, 0x100, 0x20AC, 0xFFFF};

    /** RFC 9110 section 5.5 as FieldSyntax states it: no control but tab, no DEL, nothing above 0xFF. */
    private static boolean validValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc             | true
            'text/html, application/xhtml+xml;q=0.9, */*'   | true
            """)
    void namedCases(String value, boolean valid) {
        String longer = value + " ".repeat(AsciiFieldBytes.BULK_LENGTH);
        assertThat(FieldSyntax.isValidValue(longer)).isEqualTo(valid);
        assertThat(AsciiFieldBytes.hasControl(AsciiFieldBytes.asciiBytes(longer))).isEqualTo(!valid);
    }

    @Test
    void asciiBytesAreTheValuesBytesOnlyWhenEveryCharacterIsAscii() {
        assertThat(AsciiFieldBytes.asciiBytes("abc")).containsExactly('a', 'b', 'c');
        assertThat(AsciiFieldBytes.asciiBytes("")).isEmpty();
        for (char c : NON_ASCII) {
            assertThat(AsciiFieldBytes.asciiBytes("ab" + c)).as("%04x", (int) c).isNull();
        }
    }

    @Test
    void everyCharacterAtEveryPositionAgreesWithTheCharacterLoop() {
        String filler = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ"; // longer than BULK_LENGTH: both paths of isValidValue
        for (int length = 1; length <= filler.length(); length++) {
            for (int at = 0; at < length; at++) {
                for (int c = 0; c < 0x80 + NON_ASCII.length; c++) {
                    char ch = c < 0x80 ? (char) c : NON_ASCII[c - 0x80];
                    char[] chars = filler.substring(0, length).toCharArray();
                    chars[at] = ch;
                    String s = new String(chars);
                    assertThat(FieldSyntax.isValidValue(s)).as("char %04x at %d of %d", (int) ch, at, length).isEqualTo(validValue(s));
                    byte[] ascii = AsciiFieldBytes.asciiBytes(s);
                    assertThat(ascii != null).isEqualTo(isAscii(s));
                    if (ascii != null) {
                        assertThat(AsciiFieldBytes.hasControl(ascii)).as("char %04x at %d of %d", (int) ch, at, length).isEqualTo(!validValue(s));
                    }
                }
            }
        }
    }

    @Test
    void tabsAnywhereAreAllowedAndDoNotHideAControlInTheSameWord() {
        for (int at = 0; at < 16; at++) {
            char[] withTab = "x".repeat(16).toCharArray();
            withTab[at] = '\t';
            assertThat(AsciiFieldBytes.hasControl(new String(withTab).getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isFalse();
            for (int other = 0; other < 16; other++) {
                if (other == at) {
                    continue;
                }
                char[] both = withTab.clone();
                both[other] = '\n';
                assertThat(AsciiFieldBytes.hasControl(new String(both).getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                        .as("tab at %d, LF at %d", at, other).isTrue();
            }
        }
    }
}
