package io.jwtgate.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the grammar shared by router rules and claims policies:
 *
 * <pre>
 * or    := and ( "||" and )*
 * and   := unary ( "&amp;&amp;" unary )*
 * unary := "!" unary | "(" or ")" | call
 * call  := Name "(" [ string ( "," string )* ] ")"
 * string:= `raw` | "interpreted, with Go escapes"
 * </pre>
 *
 * Precedence follows Go (and so Traefik): {@code !} binds tightest, then {@code &&}, then {@code ||}.
 * Hand-written because the grammar is tiny and we want exact error positions and messages.
 */
public final class ExpressionParser {

    /** Deeper nesting than this is refused: no real rule needs it and it bounds the recursion. */
    public static final int MAX_DEPTH = 64;

    private final String src;
    private final Language language;
    private int pos;
    private int depth;

    private ExpressionParser(String src, Language language) {
        this.src = src;
        this.language = language;
    }

    /** Parses {@code source} and checks every call against the language's function table. */
    public static Expr parse(String source, Language language) throws ExpressionException {
        if (source == null || source.isBlank()) {
            throw new ExpressionException(source == null ? "" : source, 0, "empty " + language.name() + " expression");
        }
        ExpressionParser parser = new ExpressionParser(source, language);
        Expr expr = parser.parseOr();
        parser.skipSpace();
        if (parser.pos < source.length()) {
            throw parser.error("unexpected '" + source.charAt(parser.pos) + "' after a complete expression (missing && or ||?)");
        }
        return expr;
    }

    private Expr parseOr() throws ExpressionException {
        Expr left = parseAnd();
        while (true) {
            skipSpace();
            int at = pos;
            if (!consume("||")) {
                return left;
            }
            left = new Expr.Or(left, parseAnd(), at);
        }
    }

    private Expr parseAnd() throws ExpressionException {
        Expr left = parseUnary();
        while (true) {
            skipSpace();
            int at = pos;
            if (!consume("&&")) {
                return left;
            }
            left = new Expr.And(left, parseUnary(), at);
        }
    }

    private Expr parseUnary() throws ExpressionException {
        skipSpace();
        if (++depth > MAX_DEPTH) {
            throw error("expression nested deeper than " + MAX_DEPTH + " levels");
        }
        try {
            int at = pos;
            if (pos >= src.length()) {
                throw error("expression ends where a function call, '!' or '(' was expected");
            }
            char c = src.charAt(pos);
            if (c == '!') {
                if (pos + 1 < src.length() && src.charAt(pos + 1) == '=') {
                    throw error("operator '!=' is not supported: use !Name(...)");
                }
                pos++;
                return new Expr.Not(parseUnary(), at);
            }
            if (c == '(') {
                pos++;
                Expr inner = parseOr();
                skipSpace();
                expect(')', "missing ')' to close the '(' at column " + (at + 1));
                return inner;
            }
            if (Character.isLetter(c) || c == '_') {
                return parseCall();
            }
            throw error("expected a function call, '!' or '(' but found '" + c + "'");
        } finally {
            depth--;
        }
    }

    private Expr parseCall() throws ExpressionException {
        int at = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
        String name = src.substring(at, pos);
        FunctionSignature signature = language.function(name);
        if (signature == null) {
            String hint = ClosestName.of(name, language.functionNames());
            throw new ExpressionException(src, at, "unknown function '" + name + "' in " + language.name() + " expression"
                    + (hint == null ? "" : " (did you mean " + hint + "?)") + "; supported: " + String.join(", ", language.functionNames()));
        }
        skipSpace();
        expect('(', "expected '(' after " + name);
        List<String> args = new ArrayList<>();
        skipSpace();
        if (!peek(')')) {
            while (true) {
                skipSpace();
                args.add(parseString(name));
                skipSpace();
                if (peek(',')) {
                    pos++;
                    continue;
                }
                break;
            }
        }
        skipSpace();
        expect(')', "expected ',' or ')' in the arguments of " + name);
        if (!signature.accepts(args.size())) {
            throw new ExpressionException(src, at, name + " takes " + signature.arityText() + ", got " + args.size());
        }
        return new Expr.Call(name, args, at);
    }

    private String parseString(String function) throws ExpressionException {
        if (pos >= src.length()) {
            throw error("expression ends inside the arguments of " + function);
        }
        char open = src.charAt(pos);
        if (open == '`') {
            int end = src.indexOf('`', pos + 1);
            if (end < 0) {
                throw error("unterminated `string`");
            }
            String value = src.substring(pos + 1, end);
            pos = end + 1;
            return value;
        }
        if (open == '"') {
            return parseInterpreted();
        }
        if (open == '\'') {
            throw error("single quotes are not allowed: quote values with backticks (`value`) or double quotes");
        }
        int start = pos;
        while (pos < src.length() && ",)".indexOf(src.charAt(pos)) < 0 && !Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
        String bare = src.substring(start, pos);
        pos = start;
        throw error("argument " + bare + " of " + function + " must be a quoted string: write `" + bare + "`");
    }

    /** A Go interpreted string literal: backslash escapes, no raw newlines. */
    private String parseInterpreted() throws ExpressionException {
        int start = pos;
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                pos = start;
                throw error("unterminated \"string\"");
            }
            char c = src.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\n') {
                pos--;
                throw error("newline inside a \"string\"");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= src.length()) {
                throw error("unterminated escape sequence");
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                case '\\' -> out.append('\\');
                case '"' -> out.append('"');
                case 'x' -> out.append((char) hex(2));
                case 'u' -> out.appendCodePoint(hex(4));
                case 'U' -> out.appendCodePoint(hex(8));
                default -> {
                    pos -= 2;
                    throw error("unknown escape sequence \\" + e + " (inside backticks no escaping is needed)");
                }
            }
        }
    }

    private int hex(int digits) throws ExpressionException {
        if (pos + digits > src.length()) {
            throw error("truncated escape sequence");
        }
        try {
            int value = Integer.parseUnsignedInt(src.substring(pos, pos + digits), 16);
            if (!Character.isValidCodePoint(value)) {
                throw error("escape sequence is not a valid character");
            }
            pos += digits;
            return value;
        } catch (NumberFormatException e) {
            throw error("invalid hexadecimal escape sequence");
        }
    }

    private void skipSpace() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < src.length() && src.charAt(pos) == c;
    }

    private boolean consume(String token) {
        if (src.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void expect(char c, String message) throws ExpressionException {
        if (!peek(c)) {
            throw error(message);
        }
        pos++;
    }

    private ExpressionException error(String problem) {
        return new ExpressionException(src, pos, problem);
    }
}
