package io.jwtgate.gateway.http;

/** RFC 9110 section 5: header field names are tokens; values carry no CR, LF, NUL or other control characters. */
public final class FieldSyntax {

    private FieldSyntax() {}

    /** {@code token = 1*tchar}, with {@code tchar} as RFC 9110 section 5.6.2 lists them. */
    public static boolean isToken(CharSequence name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Visible characters, spaces, tabs and obs-text (0x80-0xFF); no CR, LF, NUL, other controls or DEL. */
    public static boolean isValidValue(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
                return false;
            }
        }
        return true;
    }
}
