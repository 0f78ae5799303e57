package io.jwtgate.gateway.http;

import io.jwtgate.jwt.config.HeaderNames;

/** RFC 9110 section 5: header field names are tokens; values carry no CR, LF, NUL or other control characters. */
public final class FieldSyntax {

    private FieldSyntax() {}

    /** {@code token = 1*tchar}, RFC 9110 section 5.6.2: the one implementation, shared with the JWT library's forwardHeaders check. */
    public static boolean isToken(CharSequence name) {
        return HeaderNames.isValid(name);
    }

    /** Visible characters, spaces, tabs and obs-text (0x80-0xFF); no CR, LF, NUL, other controls or DEL. */
    public static boolean isValidValue(CharSequence value) {
        if (value.length() >= AsciiFieldBytes.BULK_LENGTH && value instanceof String s) {
            byte[] ascii = AsciiFieldBytes.asciiBytes(s);
            if (ascii != null) {
                return !AsciiFieldBytes.hasControl(ascii);
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
                return false;
            }
        }
        return true;
    }
}
