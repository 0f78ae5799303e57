package io.jwtgate.gateway.middleware.circuitbreaker;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of a circuit-breaker expression. Traefik hands the expression to Go's own expression
 * parser ({@code go/parser} through vulcand/predicate), so the lexical rules are Go's: Go number
 * literals (checked as Go's scanner checks them), line and block comments, and the automatic
 * semicolon, which makes a line break after an operand end the expression.
 */
final class ExpressionLexer {

    enum Kind { IDENT, INT, FLOAT, IMAG, STRING, LPAREN, RPAREN, COMMA, OPERATOR, LINE_END, EOF }

    record Token(Kind kind, String text, int offset) {
        String describe() {
            return switch (kind) {
                case EOF -> "the end of the expression";
                case LINE_END -> "a line break";
                default -> "'" + text + "'";
            };
        }
    }

    /** Go's operators, longest first; jwtgate refuses the ones Traefik's expressions cannot use, with a reason. */
    private static final List<String> OPERATORS = List.of("&&", "||", "==", "!=", "<=", ">=", "<<", ">>", "&^", "<-",
            "<", ">", "!", "+", "-", "*", "/", "%", "&", "|", "^", "~", "=");

    private final String in;
    private final List<Token> out = new ArrayList<>();
    private int pos;

    private ExpressionLexer(String in) {
        this.in = in;
    }

    static List<Token> tokens(String expression) throws ExpressionException {
        ExpressionLexer lexer = new ExpressionLexer(expression);
        lexer.run();
        return lexer.out;
    }

    private void run() throws ExpressionException {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == '\n') {
                lineBreak(pos);
                pos++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (in.startsWith("//", pos)) {
                int end = in.indexOf('\n', pos);
                pos = end < 0 ? in.length() : end;
            } else if (in.startsWith("/*", pos)) {
                blockComment();
            } else if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < in.length() && (Character.isLetterOrDigit(in.charAt(pos)) || in.charAt(pos) == '_')) {
                    pos++;
                }
                add(Kind.IDENT, start);
            } else if (isDigit(c, 10) || (c == '.' && pos + 1 < in.length() && isDigit(in.charAt(pos + 1), 10))) {
                number();
            } else if (c == '"' || c == '\'' || c == '`') {
                quoted(c);
            } else if (c == '(' || c == ')' || c == ',') {
                pos++;
                add(c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : Kind.COMMA, pos - 1);
            } else {
                operator(c);
            }
        }
        out.add(new Token(Kind.EOF, "", in.length()));
    }

    /** Go's automatic semicolon: a line break right after an operand or ')' ends the expression there. */
    private void lineBreak(int at) {
        if (!out.isEmpty()) {
            Kind last = out.getLast().kind();
            if (last == Kind.IDENT || last == Kind.INT || last == Kind.FLOAT || last == Kind.IMAG || last == Kind.STRING
                    || last == Kind.RPAREN) {
                out.add(new Token(Kind.LINE_END, "\n", at));
            }
        }
    }

    private void blockComment() throws ExpressionException {
        int end = in.indexOf("*/", pos + 2);
        if (end < 0) {
            throw new ExpressionException("comment not terminated", pos);
        }
        int newline = in.indexOf('\n', pos);
        if (newline >= 0 && newline < end) {
            lineBreak(pos); // a comment spanning lines counts as a line break, as in Go
        }
        pos = end + 2;
    }

    private void operator(char c) throws ExpressionException {
        for (String op : OPERATORS) {
            if (in.startsWith(op, pos)) {
                pos += op.length();
                add(Kind.OPERATOR, pos - op.length());
                return;
            }
        }
        throw new ExpressionException("unexpected character '" + c + "'", pos);
    }

    private void quoted(char quote) throws ExpressionException {
        int start = pos++;
        while (pos < in.length() && in.charAt(pos) != quote) {
            if (quote != '`' && in.charAt(pos) == '\n') {
                break;
            }
            pos += quote != '`' && in.charAt(pos) == '\\' ? 2 : 1;
        }
        if (pos >= in.length() || in.charAt(pos) != quote) {
            throw new ExpressionException((quote == '\'' ? "rune" : "string") + " literal not terminated", start);
        }
        pos++;
        add(Kind.STRING, start);
    }

    /** A Go number literal, with the checks of Go's scanner (digit separators, octal digits, exponents). */
    private void number() throws ExpressionException {
        int start = pos;
        int base = 10;
        boolean prefixed = false;
        if (in.charAt(pos) == '0' && pos + 1 < in.length() && "xXbBoO".indexOf(in.charAt(pos + 1)) >= 0) {
            char p = Character.toLowerCase(in.charAt(pos + 1));
            base = p == 'x' ? 16 : p == 'b' ? 2 : 8;
            prefixed = true;
            pos += 2;
        }
        boolean fraction = false;
        boolean exponent = false;
        digits(base);
        if (pos < in.length() && in.charAt(pos) == '.') {
            if (base != 10 && base != 16) {
                throw new ExpressionException("invalid radix point in " + (base == 2 ? "binary" : "octal") + " literal", pos);
            }
            fraction = true;
            pos++;
            digits(base);
        }
        if (pos < in.length() && "eEpP".indexOf(in.charAt(pos)) >= 0) {
            boolean p = Character.toLowerCase(in.charAt(pos)) == 'p';
            if (p && base != 16) {
                throw new ExpressionException("'p' exponent requires hexadecimal mantissa", pos);
            }
            if (!p && prefixed) {
                throw new ExpressionException("'e' exponent requires decimal mantissa", pos);
            }
            exponent = true;
            pos++;
            if (pos < in.length() && (in.charAt(pos) == '+' || in.charAt(pos) == '-')) {
                pos++;
            }
            int exponentStart = pos;
            digits(10);
            if (pos == exponentStart) {
                throw new ExpressionException("exponent has no digits", pos);
            }
        } else if (base == 16 && fraction) {
            throw new ExpressionException("hexadecimal mantissa requires a 'p' exponent", pos);
        }
        String text = in.substring(start, pos);
        checkSeparators(text, start, prefixed, base);
        Kind kind = fraction || exponent ? Kind.FLOAT : Kind.INT;
        if (kind == Kind.INT && prefixed && text.length() == 2) {
            throw new ExpressionException(text + " literal has no digits", start);
        }
        if (kind == Kind.INT && !prefixed && text.length() > 1 && text.charAt(0) == '0') {
            for (int i = 1; i < text.length(); i++) {
                if (text.charAt(i) == '8' || text.charAt(i) == '9') {
                    throw new ExpressionException("invalid digit '" + text.charAt(i) + "' in octal literal", start + i);
                }
            }
        }
        if (pos < in.length() && in.charAt(pos) == 'i') {
            pos++;
            kind = Kind.IMAG;
        }
        add(kind, start);
    }

    /** Digits of a mantissa; binary and octal literals take any decimal digit (Traefik refuses them all anyway). */
    private void digits(int base) {
        int accept = base == 16 ? 16 : 10;
        while (pos < in.length() && (isDigit(in.charAt(pos), accept) || in.charAt(pos) == '_')) {
            pos++;
        }
    }

    /** Go: '_' must separate successive digits, or follow a base prefix. */
    private static void checkSeparators(String text, int start, boolean prefixed, int base) throws ExpressionException {
        int digitBase = base == 16 ? 16 : 10;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '_') {
                continue;
            }
            boolean after = (prefixed && i == 2) || (i > 0 && isDigit(text.charAt(i - 1), digitBase));
            boolean before = i + 1 < text.length() && isDigit(text.charAt(i + 1), digitBase);
            if (!after || !before) {
                throw new ExpressionException("'_' must separate successive digits", start + i);
            }
        }
    }

    private static boolean isDigit(char c, int base) {
        return c < 128 && Character.digit(c, base) >= 0;
    }

    private void add(Kind kind, int start) {
        out.add(new Token(kind, in.substring(start, pos), start));
    }
}
