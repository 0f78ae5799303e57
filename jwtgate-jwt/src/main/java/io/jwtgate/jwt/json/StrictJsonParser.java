package io.jwtgate.jwt.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Parses token headers and payloads (RFC 8259, UTF-8) into {@link JsonValue} trees, refusing what an
 * attacker could use to make two parsers disagree: duplicate member names (compared after unescaping),
 * invalid UTF-8 (overlong forms, encoded surrogates, beyond U+10FFFF), a byte-order mark or another
 * encoding, unescaped control characters, trailing content, nesting deeper than {@link #MAX_DEPTH},
 * numbers longer than {@link #MAX_NUMBER_LENGTH} characters, anything JSON's grammar does not allow
 * (comments, single quotes, {@code NaN}, leading zeros, trailing commas).
 *
 * <p>Hand-written rather than Jackson because it runs twice per token on the hot path: a Jackson parser
 * costs a parser object, a symbol-table child, a duplicate detector and a map copy per document, about
 * half of the time of an HS256 authentication. Checked against Jackson's strict mode by
 * {@code StrictJsonParserTest} (same tree or both refuse, on generated and mutated documents).
 */
public final class StrictJsonParser {

    /** Deepest nesting accepted in a token (real tokens use 2 or 3 levels). */
    public static final int MAX_DEPTH = 32;
    /** Longest number literal accepted (a NumericDate has 10 digits). */
    public static final int MAX_NUMBER_LENGTH = 100;
    private static final int MAX_STRING_LENGTH = 1 << 20;

    /** Why a document was refused; the message gives a byte offset, never the document's content. */
    public static final class JsonRejected extends Exception {
        public JsonRejected(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] in;
    private int pos;

    private StrictJsonParser(byte[] utf8) {
        this.in = utf8;
    }

    /** Parses one JSON object; anything else (array, scalar, trailing data) is refused. */
    public static JsonValue.JsonObject parseObject(byte[] utf8) throws JsonRejected {
        StrictJsonParser parser = new StrictJsonParser(utf8);
        parser.skipWhitespace();
        if (parser.peek() != '{') {
            throw parser.rejected(parser.pos < utf8.length ? "not a JSON object" : "empty document");
        }
        JsonValue.JsonObject object = parser.readObject(1);
        parser.skipWhitespace();
        if (parser.pos != utf8.length) {
            throw parser.rejected("trailing data after the JSON object");
        }
        return object;
    }

    private JsonValue readValue(int depth) throws JsonRejected {
        return switch (peek()) {
            case '{' -> readObject(depth + 1);
            case '[' -> readArray(depth + 1);
            case '"' -> new JsonValue.JsonString(readString());
            case 't' -> literal("true", JsonValue.JsonBool.TRUE);
            case 'f' -> literal("false", JsonValue.JsonBool.FALSE);
            case 'n' -> literal("null", JsonValue.JsonNull.INSTANCE);
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> readNumber();
            case -1 -> throw rejected("unexpected end of JSON");
            default -> throw rejected("unexpected character");
        };
    }

    private JsonValue.JsonObject readObject(int depth) throws JsonRejected {
        checkDepth(depth);
        pos++; // '{'
        LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return JsonValue.JsonObject.trusted(members);
        }
        while (true) {
            if (peek() != '"') {
                throw rejected(peek() < 0 ? "unterminated object" : "expected a member name");
            }
            int namePos = pos;
            String name = readName();
            skipWhitespace();
            expect(':', "expected ':' after a member name");
            skipWhitespace();
            if (members.put(name, readValue(depth)) != null) {
                pos = namePos;
                throw rejected("duplicate member name");
            }
            skipWhitespace();
            int c = next();
            if (c == '}') {
                return JsonValue.JsonObject.trusted(members);
            }
            if (c != ',') {
                pos--;
                throw rejected(c < 0 ? "unterminated object" : "expected ',' or '}'");
            }
            skipWhitespace();
        }
    }

    private JsonValue.JsonArray readArray(int depth) throws JsonRejected {
        checkDepth(depth);
        pos++; // '['
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return new JsonValue.JsonArray(elements);
        }
        while (true) {
            elements.add(readValue(depth));
            skipWhitespace();
            int c = next();
            if (c == ']') {
                return new JsonValue.JsonArray(elements);
            }
            if (c != ',') {
                pos--;
                throw rejected(c < 0 ? "unterminated array" : "expected ',' or ']'");
            }
            skipWhitespace();
        }
    }

    /** A member name: the common ones come from {@link CommonNames} without allocating. */
    private String readName() throws JsonRejected {
        int start = pos + 1;
        byte[] b = in;
        int end = start;
        while (end < b.length && end - start <= 32 && b[end] > '"' && b[end] != '\\') {
            end++;
        }
        if (end < b.length && b[end] == '"') {
            String known = CommonNames.lookup(b, start, end - start);
            if (known != null) {
                pos = end + 1;
                return known;
            }
        }
        int at = pos;
        String name = readString();
        if (hasUnpairedSurrogate(name)) {
            // Values keep a lone surrogate escape (as Jackson does); a name with one matches no claim
            // anyone can configure and is refused, as Jackson and I-JSON (RFC 7493) refuse it.
            pos = at;
            throw rejected("unpaired surrogate escape in a member name");
        }
        return name;
    }

    private static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Reads a string at {@code pos} (on its opening quote). ASCII without escapes, the common case, is one copy. */
    private String readString() throws JsonRejected {
        int start = ++pos;
        byte[] b = in;
        int i = start;
        while (i < b.length) {
            int c = b[i];
            if (c == '"') {
                pos = i + 1;
                checkStringLength(i - start);
                return new String(b, start, i - start, StandardCharsets.ISO_8859_1);
            }
            if (c == '\\' || c < 0x20) { // escapes, control characters, and any byte >= 0x80 (negative)
                break;
            }
            i++;
        }
        pos = i;
        return readStringSlow(start);
    }

    private String readStringSlow(int start) throws JsonRejected {
        StringBuilder out = new StringBuilder(Math.max(16, pos - start + 16));
        out.append(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
        while (true) {
            int c = next();
            if (c == '"') {
                checkStringLength(out.length());
                return out.toString();
            }
            if (c < 0) {
                throw rejected("unterminated string");
            }
            if (c == '\\') {
                readEscape(out);
            } else if (c < 0x20) {
                pos--;
                throw rejected("unescaped control character in a string");
            } else if (c < 0x80) {
                out.append((char) c);
            } else {
                pos--;
                out.appendCodePoint(readUtf8());
            }
            if (out.length() > MAX_STRING_LENGTH) {
                throw rejected("string longer than " + MAX_STRING_LENGTH + " characters");
            }
        }
    }

    private void readEscape(StringBuilder out) throws JsonRejected {
        int c = next();
        switch (c) {
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case '/' -> out.append('/');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            // A lone surrogate escape is kept as the char it names, as Jackson and the JDK do.
            case 'u' -> out.append((char) ((hex() << 12) | (hex() << 8) | (hex() << 4) | hex()));
            default -> {
                pos = Math.max(0, pos - 2);
                throw rejected(c < 0 ? "unterminated string" : "invalid escape sequence");
            }
        }
    }

    private int hex() throws JsonRejected {
        int c = next();
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        pos--;
        throw rejected("invalid \\u escape");
    }

    /** One multi-byte UTF-8 sequence, strictly (RFC 3629): shortest form, no surrogates, at most U+10FFFF. */
    private int readUtf8() throws JsonRejected {
        int at = pos;
        int lead = next() & 0xff;
        int length;
        int min;
        int cp;
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
            min = 0x80;
            cp = lead & 0x1f;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            min = 0x800;
            cp = lead & 0x0f;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            min = 0x10000;
            cp = lead & 0x07;
        } else {
            pos = at;
            throw rejected("invalid UTF-8");
        }
        for (int k = 1; k < length; k++) {
            int c = next();
            if (c < 0 || (c & 0xc0) != 0x80) {
                pos = at;
                throw rejected("invalid UTF-8");
            }
            cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            pos = at;
            throw rejected("invalid UTF-8");
        }
        return cp;
    }

    /** RFC 8259 section 6, kept as written: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private JsonValue.JsonNumber readNumber() throws JsonRejected {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw rejected("leading zero in a number");
            }
        } else {
            digits("expected a digit");
        }
        if (peek() == '.') {
            pos++;
            digits("expected a digit after the decimal point");
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            digits("expected a digit in the exponent");
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            pos = start;
            throw rejected("number longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        return new JsonValue.JsonNumber(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
    }

    private void digits(String error) throws JsonRejected {
        if (!isDigit(peek())) {
            throw rejected(error);
        }
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private JsonValue literal(String word, JsonValue value) throws JsonRejected {
        for (int k = 0; k < word.length(); k++) {
            if (next() != word.charAt(k)) {
                pos--;
                throw rejected("unexpected character");
            }
        }
        return value;
    }

    private void checkDepth(int depth) throws JsonRejected {
        if (depth > MAX_DEPTH) {
            throw rejected("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void checkStringLength(int length) throws JsonRejected {
        if (length > MAX_STRING_LENGTH) {
            throw rejected("string longer than " + MAX_STRING_LENGTH + " characters");
        }
    }

    private void expect(char c, String error) throws JsonRejected {
        if (peek() != c) {
            throw rejected(error);
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < in.length) {
            byte c = in[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    /** The byte at {@code pos} as 0..255, or -1 at the end. */
    private int peek() {
        return pos < in.length ? in[pos] & 0xff : -1;
    }

    private int next() {
        return pos < in.length ? in[pos++] & 0xff : -1;
    }

    private JsonRejected rejected(String what) {
        return new JsonRejected("invalid JSON: " + what + " at byte " + Math.min(pos, in.length));
    }
}
