package io.jwtgate.gateway.middleware;

import io.jwtgate.gateway.middleware.GoExpressionLexer.Kind;
import io.jwtgate.gateway.middleware.GoExpressionLexer.SyntaxError;

/**
 * Go's number literals as {@code go/scanner} reads and checks them: {@code 0x}/{@code 0o}/{@code 0b}
 * prefixes, the legacy octal form ({@code 017}), fractions and exponents ({@code e} for decimal,
 * {@code p} for hexadecimal mantissas), {@code _} between digits and the imaginary suffix {@code i}.
 * The messages and the offsets they point at are Go's.
 */
final class GoNumberLiteral {

    /** A literal's kind ({@code INT}, {@code FLOAT} or {@code IMAG}) and where it stands: {@code [start, end)}. */
    record Scanned(Kind kind, int start, int end) {}

    private final String in;
    private final int start;
    private int pos;
    /** 0 (decimal), '0' (legacy octal), 'x', 'o' or 'b'. */
    private char prefix;
    private int base = 10;
    private boolean hasDigits;
    private boolean hasSeparators;
    /** Offset of the first digit the base does not allow, or -1. */
    private int invalidDigit = -1;

    private GoNumberLiteral(String in, int start) {
        this.in = in;
        this.start = start;
        this.pos = start;
    }

    /** Reads the literal starting at {@code start} (a digit, or '.' before a digit). */
    static Scanned scan(String in, int start) throws SyntaxError {
        return new GoNumberLiteral(in, start).scan();
    }

    private Scanned scan() throws SyntaxError {
        Kind kind = Kind.FLOAT;
        if (at() != '.') {
            kind = Kind.INT;
            if (at() == '0') {
                pos++;
                switch (Character.toLowerCase(at())) {
                    case 'x', 'o', 'b' -> {
                        prefix = Character.toLowerCase(at());
                        base = prefix == 'x' ? 16 : prefix == 'o' ? 8 : 2;
                        pos++;
                    }
                    default -> {
                        prefix = '0';
                        base = 8;
                        hasDigits = true; // the leading 0
                    }
                }
            }
            digits(base);
        }
        if (at() == '.') {
            kind = Kind.FLOAT;
            if (prefix == 'o' || prefix == 'b') {
                throw new SyntaxError("invalid radix point in " + literalName(), pos);
            }
            pos++;
            digits(base);
        }
        if (!hasDigits) {
            throw new SyntaxError(literalName() + " has no digits", pos);
        }
        char e = Character.toLowerCase(at());
        if (e == 'e' || e == 'p') {
            if (e == 'e' && prefix != 0 && prefix != '0') {
                throw new SyntaxError("'" + at() + "' exponent requires decimal mantissa", pos);
            }
            if (e == 'p' && prefix != 'x') {
                throw new SyntaxError("'" + at() + "' exponent requires hexadecimal mantissa", pos);
            }
            pos++;
            kind = Kind.FLOAT;
            if (at() == '+' || at() == '-') {
                pos++;
            }
            boolean mantissaDigits = hasDigits;
            hasDigits = false;
            digits(10);
            if (!hasDigits) {
                throw new SyntaxError("exponent has no digits", pos);
            }
            hasDigits = mantissaDigits;
        } else if (prefix == 'x' && kind == Kind.FLOAT) {
            throw new SyntaxError("hexadecimal mantissa requires a 'p' exponent", pos);
        }
        if (at() == 'i') {
            kind = Kind.IMAG;
            pos++;
        }
        String text = in.substring(start, pos);
        // Go checks digits against the base for integers only: 09.5 and 09i are decimal.
        if (kind == Kind.INT && invalidDigit >= 0) {
            throw new SyntaxError("invalid digit '" + in.charAt(invalidDigit) + "' in " + literalName(), invalidDigit);
        }
        if (hasSeparators) {
            int bad = invalidSeparator(text);
            if (bad >= 0) {
                throw new SyntaxError("'_' must separate successive digits", start + bad);
            }
        }
        return new Scanned(kind, start, pos);
    }

    /** Digits and '_'; below base 10 any decimal digit is taken and the first one out of the base remembered (Go's rule). */
    private void digits(int digitBase) {
        int accept = digitBase <= 10 ? 10 : 16;
        while (GoExpressionLexer.isDigit(at(), accept) || at() == '_') {
            if (at() == '_') {
                hasSeparators = true;
            } else {
                hasDigits = true;
                if (digitBase < 10 && at() >= '0' + digitBase && invalidDigit < 0) {
                    invalidDigit = pos;
                }
            }
            pos++;
        }
    }

    private char at() {
        return pos < in.length() ? in.charAt(pos) : '\0';
    }

    private String literalName() {
        return switch (prefix) {
            case 'x' -> "hexadecimal literal";
            case 'o', '0' -> "octal literal";
            case 'b' -> "binary literal";
            default -> "decimal literal";
        };
    }

    /** Index of the first '_' that does not stand between two digits (a base prefix counts as a digit), or -1. */
    private static int invalidSeparator(String text) {
        boolean hex = false;
        char previous = '.'; // '0' a digit, '_' a separator, '.' anything else
        int i = 0;
        if (text.length() >= 2 && text.charAt(0) == '0' && "xXoObB".indexOf(text.charAt(1)) >= 0) {
            hex = Character.toLowerCase(text.charAt(1)) == 'x';
            previous = '0';
            i = 2;
        }
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                if (previous != '0') {
                    return i;
                }
                previous = '_';
            } else if (GoExpressionLexer.isDigit(c, hex ? 16 : 10)) {
                previous = '0';
            } else {
                if (previous == '_') {
                    return i - 1;
                }
                previous = '.';
            }
        }
        return previous == '_' ? text.length() - 1 : -1;
    }
}
