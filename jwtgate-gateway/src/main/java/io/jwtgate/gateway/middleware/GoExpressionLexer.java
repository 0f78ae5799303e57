package io.jwtgate.gateway.middleware;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of a Go expression, as Go's scanner ({@code go/scanner}) reads them. Traefik hands its
 * expressions (the circuit breaker's {@code expression}, the buffering {@code retryExpression}) to
 * Go's parser through vulcand/predicate, so their lexical rules are Go's: identifiers, number
 * literals with Go's checks (base prefixes, {@code _} separators, exponents, legacy octal),
 * interpreted, raw and rune literals, all of Go's operators, {@code //} and block comments, and the
 * automatic semicolon (a line break right after an operand ends the expression there). What a
 * Traefik expression may use is each parser's decision, not the lexer's: it reads the whole syntax,
 * so that a parser can name the operator it refuses.
 */
public final class GoExpressionLexer {

    /** Token kinds; {@code OPERATOR} covers Go's operators and the delimiters no expression parser reads ({@code { } ; :}). */
    public enum Kind { IDENT, INT, FLOAT, IMAG, CHAR, STRING, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT, OPERATOR, LINE_END, EOF }

    /** A token and where it starts (0-based index in the expression). */
    public record Token(Kind kind, String text, int offset) {

        /** The token as an error message names it. */
        public String describe() {
            return switch (kind) {
                case EOF -> "the end of the expression";
                case LINE_END -> "a line break";
                default -> "'" + text + "'";
            };
        }

        /** Go's binary precedence ({@code go/token}'s Precedence); 0 for a token that is not a binary operator. */
        public int precedence() {
            if (kind != Kind.OPERATOR) {
                return 0;
            }
            return switch (text) {
                case "||" -> 1;
                case "&&" -> 2;
                case "==", "!=", "<", "<=", ">", ">=" -> 3;
                case "+", "-", "|", "^" -> 4;
                case "*", "/", "%", "<<", ">>", "&", "&^" -> 5;
                default -> 0;
            };
        }

        /** One of Go's unary operators ({@code + - ! ^ * & <- ~}). */
        public boolean isUnaryOperator() {
            return kind == Kind.OPERATOR && UNARY.contains(text);
        }
    }

    /** A text Go's scanner refuses, with the offset of the problem; each parser turns it into its own exception. */
    public static final class SyntaxError extends Exception {
        private final int offset;

        SyntaxError(String message, int offset) {
            super(message);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    /** Go's operators and delimiters other than {@code ( ) [ ] , .}, longest first (so that {@code <=} is not read as {@code <}). */
    private static final List<String> OPERATORS = List.of("&^=", "<<=", ">>=", "...", "&&", "||", "==", "!=", "<=", ">=", "<<",
            ">>", "&^", "<-", "++", "--", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<", ">", "!", "+", "-", "*", "/",
            "%", "&", "|", "^", "~", "=", ":", ";", "{", "}");

    private static final List<String> UNARY = List.of("+", "-", "!", "^", "*", "&", "<-", "~");

    private final String in;
    private final List<Token> out = new ArrayList<>();
    private int pos;

    private GoExpressionLexer(String in) {
        this.in = in;
    }

    /** The tokens of {@code expression}, ending with {@link Kind#EOF}. */
    public static List<Token> tokens(String expression) throws SyntaxError {
        GoExpressionLexer lexer = new GoExpressionLexer(expression);
        lexer.run();
        return List.copyOf(lexer.out);
    }

    private void run() throws SyntaxError {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == '\n') {
                lineBreak(pos++);
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (in.startsWith("//", pos)) {
                int end = in.indexOf('\n', pos);
                pos = end < 0 ? in.length() : end; // the line break itself still ends a line
            } else if (in.startsWith("/*", pos)) {
                blockComment();
            } else if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < in.length() && (Character.isLetterOrDigit(in.charAt(pos)) || in.charAt(pos) == '_')) {
                    pos++;
                }
                add(Kind.IDENT, start);
            } else if (isDigit(c, 10) || (c == '.' && pos + 1 < in.length() && isDigit(in.charAt(pos + 1), 10))) {
                GoNumberLiteral.Scanned number = GoNumberLiteral.scan(in, pos);
                pos = number.end();
                add(number.kind(), number.start());
            } else if (c == '"' || c == '\'' || c == '`') {
                quoted(c);
            } else if (in.startsWith("...", pos)) {
                operator(c);
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

    /** Go's automatic semicolon: after an operand, {@code ++ -- ) ] }}, a line break ends the statement (here: the expression). */
    private void lineBreak(int at) {
        if (out.isEmpty()) {
            return;
        }
        Token last = out.getLast();
        boolean ends = switch (last.kind()) {
            case IDENT, INT, FLOAT, IMAG, CHAR, STRING, RPAREN, RBRACKET -> true;
            case OPERATOR -> last.text().equals("++") || last.text().equals("--") || last.text().equals("}");
            default -> false;
        };
        if (ends) {
            out.add(new Token(Kind.LINE_END, "\n", at));
        }
    }

    private void blockComment() throws SyntaxError {
        int end = in.indexOf("*/", pos + 2);
        if (end < 0) {
            throw new SyntaxError("comment not terminated", pos);
        }
        int newline = in.indexOf('\n', pos);
        if (newline >= 0 && newline < end) {
            lineBreak(pos); // a comment spanning lines counts as a line break, as in Go
        }
        pos = end + 2;
    }

    private void operator(char c) throws SyntaxError {
        for (String op : OPERATORS) {
            if (in.startsWith(op, pos)) {
                pos += op.length();
                add(Kind.OPERATOR, pos - op.length());
                return;
            }
        }
        throw new SyntaxError("unexpected character '" + c + "'", pos);
    }

    /** A string or rune literal, taken whole; its escapes are read where its value is needed. */
    private void quoted(char quote) throws SyntaxError {
        int start = pos++;
        while (pos < in.length() && in.charAt(pos) != quote) {
            if (quote != '`' && in.charAt(pos) == '\n') {
                break;
            }
            pos += quote != '`' && in.charAt(pos) == '\\' ? 2 : 1;
        }
        if (pos >= in.length() || in.charAt(pos) != quote) {
            throw new SyntaxError((quote == '\'' ? "rune" : "string") + " literal not terminated", start);
        }
        pos++;
        add(quote == '\'' ? Kind.CHAR : Kind.STRING, start);
    }

    static boolean isDigit(char c, int base) {
        return c < 128 && Character.digit(c, base) >= 0;
    }

    private void add(Kind kind, int start) {
        out.add(new Token(kind, in.substring(start, pos), start));
    }
}
