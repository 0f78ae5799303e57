package io.jwtgate.gateway.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.jwtgate.gateway.middleware.GoExpressionLexer.Kind;
import io.jwtgate.gateway.middleware.GoExpressionLexer.SyntaxError;
import io.jwtgate.gateway.middleware.GoExpressionLexer.Token;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared Go expression lexer against Go's scanner: number literals (the rows of go/scanner's
 * and text/scanner's number tables: prefixes, legacy octal, exponents, separators, imaginary),
 * string and rune literals, comments, operators and the automatic semicolon. Tokens are written
 * {@code KIND(text)}, the final EOF left out.
 */
class GoExpressionLexerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '~', value = {
            // integers
            "0                    | INT(0)",
            "1234                 | INT(1234)",
            "0123                 | INT(0123)",
            "0b1010               | INT(0b1010)",
            "0B1110               | INT(0B1110)",
            "0o1234               | INT(0o1234)",
            "0O1234               | INT(0O1234)",
            "0xcafef00d           | INT(0xcafef00d)",
            "0XCAFEF00D           | INT(0XCAFEF00D)",
            // a literal ends where its digits end
            "0b01a0               | INT(0b01) IDENT(a0)",
            "0o12a3               | INT(0o12) IDENT(a3)",
            "0x1g                 | INT(0x1) IDENT(g)",
            "1f                   | INT(1) IDENT(f)",
            "0123456x             | INT(0123456) IDENT(x)",
            "0F.                  | INT(0) IDENT(F) DOT(.)",
            // floats
            "0.                   | FLOAT(0.)",
            "123.                 | FLOAT(123.)",
            "0123.                | FLOAT(0123.)",
            ".0123                | FLOAT(.0123)",
            "123.123              | FLOAT(123.123)",
            "09.5                 | FLOAT(09.5)",
            "0e0                  | FLOAT(0e0)",
            "123e+0               | FLOAT(123e+0)",
            "0123E-1              | FLOAT(0123E-1)",
            "0.e+1                | FLOAT(0.e+1)",
            ".123E+10             | FLOAT(.123E+10)",
            "0123.0123e+456       | FLOAT(0123.0123e+456)",
            "0x0p0                | FLOAT(0x0p0)",
            "0x12efp-123          | FLOAT(0x12efp-123)",
            "0xABCD.p+0           | FLOAT(0xABCD.p+0)",
            "0x.0189P-0           | FLOAT(0x.0189P-0)",
            "0x1.ffffp+1023       | FLOAT(0x1.ffffp+1023)",
            "0x1.2p1a             | FLOAT(0x1.2p1) IDENT(a)",
            // separators
            "0b_1000_0001         | INT(0b_1000_0001)",
            "0o_600               | INT(0o_600)",
            "0_466                | INT(0_466)",
            "1_000                | INT(1_000)",
            "1_000.000_1          | FLOAT(1_000.000_1)",
            "0x_f00d              | INT(0x_f00d)",
            "0x_f00d.0p1_2        | FLOAT(0x_f00d.0p1_2)",
            // imaginary (a leading 0 is decimal there)
            "1i                   | IMAG(1i)",
            "09i                  | IMAG(09i)",
            "1.5e3i               | IMAG(1.5e3i)",
            // strings and runes
            "~\"a b\"~            | STRING(\"a b\")",
            "~\"a\\\"b\"~         | STRING(\"a\\\"b\")",
            "`raw \\n`            | STRING(`raw \\n`)",
            "~`two\nlines`~       | ~STRING(`two\nlines`)~",
            "'x'                  | CHAR('x')",
            // names, punctuation and every operator kind
            "a.b_2(x, y)[0]       | IDENT(a) DOT(.) IDENT(b_2) LPAREN(() IDENT(x) COMMA(,) IDENT(y) RPAREN()) LBRACKET([) INT(0) RBRACKET(])",
            "a&&b||!c             | IDENT(a) OPERATOR(&&) IDENT(b) OPERATOR(||) OPERATOR(!) IDENT(c)",
            "a<=b>=c<d>e==f!=g    | IDENT(a) OPERATOR(<=) IDENT(b) OPERATOR(>=) IDENT(c) OPERATOR(<) IDENT(d) OPERATOR(>) IDENT(e) OPERATOR(==) IDENT(f) OPERATOR(!=) IDENT(g)",
            "a&^=b<<=c>>=d        | IDENT(a) OPERATOR(&^=) IDENT(b) OPERATOR(<<=) IDENT(c) OPERATOR(>>=) IDENT(d)",
            "a<-b:=c...           | IDENT(a) OPERATOR(<-) IDENT(b) OPERATOR(:=) IDENT(c) OPERATOR(...)",
            "{a;b:c}              | OPERATOR({) IDENT(a) OPERATOR(;) IDENT(b) OPERATOR(:) IDENT(c) OPERATOR(})",
            "a+-b*/c%&|^d         | IDENT(a) OPERATOR(+) OPERATOR(-) IDENT(b) OPERATOR(*) OPERATOR(/) IDENT(c) OPERATOR(%) OPERATOR(&) OPERATOR(|) OPERATOR(^) IDENT(d)",
            // comments
            "a // to the end      | IDENT(a)",
            "/* first */ a        | IDENT(a)",
            "a/* inside */+b      | IDENT(a) OPERATOR(+) IDENT(b)",
            // the automatic semicolon: after an operand, ) ] } ++ --, never after an operator
            "~a\nb~               | IDENT(a) LINE_END IDENT(b)",
            "~1\n~                | INT(1) LINE_END",
            "~f()\n~              | IDENT(f) LPAREN(() RPAREN()) LINE_END",
            "~a[1]\n~             | IDENT(a) LBRACKET([) INT(1) RBRACKET(]) LINE_END",
            "~\"s\"\n~            | STRING(\"s\") LINE_END",
            "~a++\n~              | IDENT(a) OPERATOR(++) LINE_END",
            "~}\n~                | OPERATOR(}) LINE_END",
            "~a &&\nb~            | IDENT(a) OPERATOR(&&) IDENT(b)",
            "~(\na~               | LPAREN(() IDENT(a)",
            "~\n\na~              | IDENT(a)",
            "~a // comment\nb~    | IDENT(a) LINE_END IDENT(b)",
            "~a /* two\nlines */ b~ | IDENT(a) LINE_END IDENT(b)",
            "~a /* one line */\tb~ | IDENT(a) IDENT(b)",
            "~a\r\n~              | IDENT(a) LINE_END",
    })
    void readsWhatGoReads(String expression, String expected) throws Exception {
        String tokens = GoExpressionLexer.tokens(expression).stream().filter(t -> t.kind() != Kind.EOF)
                .map(GoExpressionLexerTest::render).collect(Collectors.joining(" "));
        assertThat(tokens).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '~', value = {
            "0b                   | binary literal has no digits                  | 2",
            "0o                   | octal literal has no digits                   | 2",
            "0x                   | hexadecimal literal has no digits             | 2",
            "0x.                  | hexadecimal literal has no digits             | 3",
            "0b0190               | invalid digit '9' in binary literal           | 4",
            "0o8123               | invalid digit '8' in octal literal            | 2",
            "0o1293               | invalid digit '9' in octal literal            | 4",
            "08123                | invalid digit '8' in octal literal            | 1",
            "01293                | invalid digit '9' in octal literal            | 3",
            "0b.                  | invalid radix point in binary literal         | 2",
            "0b1.0                | invalid radix point in binary literal         | 3",
            "0o.2                 | invalid radix point in octal literal          | 2",
            "0b1e10               | 'e' exponent requires decimal mantissa        | 3",
            "0o1E+2               | 'E' exponent requires decimal mantissa        | 3",
            "0b1P-1               | 'P' exponent requires hexadecimal mantissa    | 3",
            "0o1p10               | 'p' exponent requires hexadecimal mantissa    | 3",
            "0p0                  | 'p' exponent requires hexadecimal mantissa    | 1",
            "1.0P-1               | 'P' exponent requires hexadecimal mantissa    | 3",
            "0e                   | exponent has no digits                        | 2",
            "0E+                  | exponent has no digits                        | 3",
            "1e+f                 | exponent has no digits                        | 3",
            "0x0p                 | exponent has no digits                        | 4",
            "0xeP-                | exponent has no digits                        | 5",
            "0x0.                 | hexadecimal mantissa requires a 'p' exponent  | 4",
            "0x.0                 | hexadecimal mantissa requires a 'p' exponent  | 4",
            "0x1.1e0              | hexadecimal mantissa requires a 'p' exponent  | 7",
            "0b__1000             | '_' must separate successive digits           | 3",
            "0o60___0             | '_' must separate successive digits           | 5",
            "0466_                | '_' must separate successive digits           | 4",
            "1_.                  | '_' must separate successive digits           | 1",
            "0._1                 | '_' must separate successive digits           | 2",
            "2.7_e0               | '_' must separate successive digits           | 3",
            "0x___0               | '_' must separate successive digits           | 3",
            "0x1.0_p0             | '_' must separate successive digits           | 5",
            "a > 1__0             | '_' must separate successive digits           | 6",
            "~\"open~             | string literal not terminated                 | 0",
            "~\"line\nbreak\"~    | string literal not terminated                 | 0",
            "~`open~              | string literal not terminated                 | 0",
            "'x                   | rune literal not terminated                   | 0",
            "a /* open            | comment not terminated                        | 2",
            "a @ b                | unexpected character '@'                      | 2",
            "a # b                | unexpected character '#'                      | 2",
    })
    void refusesWhatGoRefuses(String expression, String message, int offset) {
        assertThatThrownBy(() -> GoExpressionLexer.tokens(expression)).isInstanceOf(SyntaxError.class).hasMessage(message)
                .satisfies(e -> assertThat(((SyntaxError) e).offset()).as("offset").isEqualTo(offset));
    }

    /** Every operator and delimiter of Go's spec is one token. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "&^", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
            "<<=", ">>=", "&^=", "&&", "||", "<-", "++", "--", "==", "<", ">", "=", "!", "~", "!=", "<=", ">=", ":=", "...", ";", ":",
            "{", "}"})
    void readsEveryOperatorWhole(String operator) throws Exception {
        assertThat(GoExpressionLexer.tokens("a " + operator + " b")).extracting(Token::kind, Token::text)
                .containsExactly(tuple(Kind.IDENT, "a"), tuple(Kind.OPERATOR, operator), tuple(Kind.IDENT, "b"), tuple(Kind.EOF, ""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "||; 1", "&&; 2", "==; 3", "!=; 3", "<; 3", "<=; 3", ">; 3", ">=; 3",
            "+; 4", "-; 4", "|; 4", "^; 4",
            "*; 5", "/; 5", "%; 5", "<<; 5", ">>; 5", "&; 5", "&^; 5",
            "=; 0", ":=; 0", "<-; 0", "+=; 0", "!; 0",
    })
    void knowsGosBinaryPrecedence(String operator, int precedence) throws Exception {
        assertThat(GoExpressionLexer.tokens("a " + operator + " b").get(1).precedence()).isEqualTo(precedence);
    }

    private static String render(Token t) {
        return t.kind() == Kind.LINE_END ? "LINE_END" : t.kind() + "(" + t.text() + ")";
    }
}
