package io.jwtgate.gateway.middleware.buffering;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of a {@code retryExpression}. Traefik gives the expression to Go's expression parser
 * (through vulcand/predicate), so the lexical rules are Go's: identifiers, Go number and string
 * literals, Go's operators, {@code //} and block comments, and the automatic semicolon: a line
 * break right after an operand or {@code )} ends the expression there.
 */
final class ExpressionTokens {

    enum Kind { IDENT, INT, FLOAT, IMAG, CHAR, STRING, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT, OPERATOR, LINE_END, EOF }

    record Token(Kind kind, String text, int offset) {
        String describe() {
            return switch (kind) {
                case EOF -> "the end of the expression";
                case LINE_END -> "a line break";
                default -> "'" + text + "'";
            };
        }
    }

    /** Go's operators, longest first (so that {@code <=} is not read as {@code <}). */
    private static final List<String> OPERATORS = List.of("&^=", "<<=", ">>=", "...", "&&", "||", "==", "!=", "<=", ">=", "<<",
            ">>", "&^", "<-", "++", "--", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<", ">", "!", "+", "-", "*", "/",
            "%", "&", "|", "^", "~", "=", ":", ";", "{", "}");

    private final String in;
    private final List<Token> out = new ArrayList<>();
    private int pos;

    private ExpressionTokens(String in) {
        this.in = in;
    }

    static List<Token> of(String expression) throws RetryExpression.Invalid {
        ExpressionTokens lexer = new ExpressionTokens(expression);
        lexer.run();
        return lexer.out;
    }

    private void run() throws RetryExpression.Invalid {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == '\n') {
                lineBreak(pos++);
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
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < in.length() && Character.isDigit(in.charAt(pos + 1)))) {
                number();
            } else if (c == '"' || c == '\'' || c == '`') {
                quoted(c);
            } else if ("()[],.".indexOf(c) >= 0) {
                pos++;
                add(switch (c) {
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case '[' -> Kind.LBRACKET;
                    case ']' -> Kind.RBRACKET;
                    case ',' -> Kind.COMMA;
                    default -> Kind.DOT;
                }, pos - 1);
            } else {
                operator(c);
            }
        }
        out.add(new Token(Kind.EOF, "", in.length()));
    }

    private void lineBreak(int at) {
        if (!out.isEmpty()) {
            Kind last = out.getLast().kind();
            if (last == Kind.IDENT || last == Kind.INT || last == Kind.FLOAT || last == Kind.IMAG || last == Kind.CHAR
                    || last == Kind.STRING || last == Kind.RPAREN || last == Kind.RBRACKET) {
                out.add(new Token(Kind.LINE_END, "\n", at));
            }
        }
    }

    private void blockComment() throws RetryExpression.Invalid {
        int end = in.indexOf("*/", pos + 2);
        if (end < 0) {
            throw new RetryExpression.Invalid("comment not terminated", pos);
        }
        int newline = in.indexOf('\n', pos);
        if (newline >= 0 && newline < end) {
            lineBreak(pos); // a comment spanning lines counts as a line break, as in Go
        }
        pos = end + 2;
    }

    private void operator(char c) throws RetryExpression.Invalid {
        for (String op : OPERATORS) {
            if (in.startsWith(op, pos)) {
                pos += op.length();
                add(Kind.OPERATOR, pos - op.length());
                return;
            }
        }
        throw new RetryExpression.Invalid("unexpected character '" + c + "'", pos);
    }

    private void quoted(char quote) throws RetryExpression.Invalid {
        int start = pos++;
        while (pos < in.length() && in.charAt(pos) != quote) {
            if (quote != '`' && in.charAt(pos) == '\n') {
                break;
            }
            pos += quote != '`' && in.charAt(pos) == '\\' ? 2 : 1;
        }
        if (pos >= in.length() || in.charAt(pos) != quote) {
            throw new RetryExpression.Invalid((quote == '\'' ? "rune" : "string") + " literal not terminated", start);
        }
        pos++;
        add(quote == '\'' ? Kind.CHAR : Kind.STRING, start);
    }

    /** A Go number literal, taken whole (digits, letters, '_', '.', exponent signs); its form is checked when it is used. */
    private void number() {
        int start = pos;
        boolean hex = in.startsWith("0x", pos) || in.startsWith("0X", pos);
        while (pos < in.length()) {
            char c = in.charAt(pos);
            boolean exponentSign = (c == '+' || c == '-') && pos > start
                    && (hex ? "pP".indexOf(in.charAt(pos - 1)) >= 0 : "eE".indexOf(in.charAt(pos - 1)) >= 0);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || exponentSign) {
                pos++;
            } else {
                break;
            }
        }
        String text = in.substring(start, pos);
        Kind kind;
        if (text.endsWith("i")) {
            kind = Kind.IMAG;
        } else if (!hex && (text.contains(".") || text.contains("e") || text.contains("E"))) {
            kind = Kind.FLOAT;
        } else if (hex && (text.contains(".") || text.contains("p") || text.contains("P"))) {
            kind = Kind.FLOAT;
        } else {
            kind = Kind.INT;
        }
        add(kind, start);
    }

    private void add(Kind kind, int start) {
        out.add(new Token(kind, in.substring(start, pos), start));
    }
}
