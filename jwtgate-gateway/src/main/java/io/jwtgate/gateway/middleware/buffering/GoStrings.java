package io.jwtgate.gateway.middleware.buffering;

import io.jwtgate.gateway.middleware.GoExpressionLexer.Token;

/** Go string literals as {@code strconv.Unquote} reads them: interpreted ({@code "..."}) with Go's escapes, or raw ({@code `...`}). */
final class GoStrings {

    private GoStrings() {}

    static String unquote(Token t) throws RetryExpression.Invalid {
        String s = t.text();
        String body = s.substring(1, s.length() - 1);
        if (s.charAt(0) == '`') {
            return body.replace("\r", "");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= body.length()) {
                throw invalid(t);
            }
            char e = body.charAt(i);
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '\\' -> out.append('\\');
                case '"' -> out.append('"');
                case 'x', 'u', 'U' -> {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    long code = digits(t, body, i + 1, digits, 16);
                    if (e == 'x') {
                        out.append((char) code); // one byte; the methods compared against are ASCII
                    } else if (code > Character.MAX_CODE_POINT || (code >= 0xD800 && code <= 0xDFFF)) {
                        throw invalid(t);
                    } else {
                        out.appendCodePoint((int) code);
                    }
                    i += digits;
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    long code = digits(t, body, i, 3, 8);
                    if (code > 255) {
                        throw invalid(t);
                    }
                    out.append((char) code);
                    i += 2;
                }
                default -> throw invalid(t);
            }
        }
        return out.toString();
    }

    private static long digits(Token t, String s, int from, int count, int radix) throws RetryExpression.Invalid {
        if (from + count > s.length()) {
            throw invalid(t);
        }
        long value = 0;
        for (int i = from; i < from + count; i++) {
            int d = Character.digit(s.charAt(i), radix);
            if (d < 0 || s.charAt(i) > 'f') {
                throw invalid(t);
            }
            value = value * radix + d;
        }
        return value;
    }

    private static RetryExpression.Invalid invalid(Token t) {
        return new RetryExpression.Invalid("invalid escape in string " + t.describe(), t.offset());
    }
}
