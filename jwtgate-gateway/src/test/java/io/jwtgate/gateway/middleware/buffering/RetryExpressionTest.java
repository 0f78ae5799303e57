package io.jwtgate.gateway.middleware.buffering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The retry expression language as oxy's buffer package defines it over vulcand/predicate and Go's
 * parser: what it accepts and how it evaluates (method, attempt, status), and what it refuses
 * (oxy's parse errors: no negation, literal on the left, floats, non-decimal numbers, ...).
 */
class RetryExpressionTest {

    @ParameterizedTest(name = "{0} on {1} attempt {2} status {3} -> {4}")
    @CsvSource(delimiter = ';', textBlock = """
            IsNetworkError() && Attempts() <= 2                        ; GET  ; 1 ; 502 ; true
            IsNetworkError() && Attempts() <= 2                        ; GET  ; 2 ; 504 ; true
            IsNetworkError() && Attempts() <= 2                        ; GET  ; 3 ; 502 ; false
            IsNetworkError() && Attempts() <= 2                        ; GET  ; 1 ; 500 ; false
            IsNetworkError() && Attempts() <= 2                        ; GET  ; 1 ; 0   ; false
            Attempts() <= 2 && ResponseCode() == 502                   ; GET  ; 2 ; 502 ; true
            Attempts() <= 2 && ResponseCode() == 502                   ; GET  ; 2 ; 504 ; false
            ResponseCode() != 200                                      ; GET  ; 1 ; 201 ; true
            ResponseCode() != 200                                      ; GET  ; 1 ; 200 ; false
            Attempts() < 3                                             ; GET  ; 3 ; 502 ; false
            Attempts() > 1                                             ; GET  ; 2 ; 502 ; true
            Attempts() >= 2                                            ; GET  ; 2 ; 502 ; true
            Attempts() >= 2                                            ; GET  ; 1 ; 502 ; false
            Attempts() == 1                                            ; GET  ; 1 ; 200 ; true
            RequestMethod() == "GET"                                   ; GET  ; 1 ; 200 ; true
            RequestMethod() == "GET"                                   ; POST ; 1 ; 200 ; false
            RequestMethod() != "POST" && IsNetworkError()              ; PUT  ; 1 ; 502 ; true
            RequestMethod() == `PUT`                                   ; PUT  ; 1 ; 200 ; true
            RequestMethod() == "\\x50UT"                               ; PUT  ; 1 ; 200 ; true
            IsNetworkError() || ResponseCode() == 503 && Attempts() <= 1 ; GET ; 5 ; 502 ; true
            IsNetworkError() || ResponseCode() == 503 && Attempts() <= 1 ; GET ; 5 ; 503 ; false
            (IsNetworkError() || ResponseCode() == 503) && Attempts() <= 1 ; GET ; 5 ; 502 ; false
            ((Attempts())) <= 2                                        ; GET  ; 2 ; 200 ; true
            IsNetworkError() /* a comment */ && Attempts() <= 2        ; GET  ; 1 ; 504 ; true
            IsNetworkError() && Attempts() <= 2 // a line comment      ; GET  ; 1 ; 504 ; true
            Attempts() <= 010                                          ; GET  ; 10 ; 200 ; true
            Attempts() <= 010                                          ; GET  ; 11 ; 200 ; false
            IsNetworkError()                                           ; GET  ; 9 ; 502 ; true
            """)
    void evaluates(String expression, String method, int attempts, int status, boolean expected) throws Exception {
        assertThat(RetryExpression.parse(expression).test(new RetryExpression.Attempt(method, attempts, status))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "IsNetworkError() && Attempts() <= 2\n", // a final line break is fine (Go's parser too)
            "(IsNetworkError() &&\n Attempts() <= 2)", // a line break after an operator does not end the expression
            "IsNetworkError() &&\n Attempts() <= 2"})
    void lineBreaksWhereGoAcceptsThem(String expression) throws Exception {
        assertThat(RetryExpression.parse(expression).test(new RetryExpression.Attempt("GET", 1, 502))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "!IsNetworkError()",
            "2 >= Attempts()",
            "Attempts() <= 2.5",
            "Attempts() <= 1e1",
            "Attempts() <= -1",
            "Attempts() <= 2i",
            "Attempts() == ResponseCode()",
            "Attempts()",
            "RequestMethod()",
            "\"GET\"",
            "3",
            "Attempts() && IsNetworkError()",
            "IsNetworkError() || 1",
            "IsNetworkError(1)",
            "Unknown()",
            "buffer.IsNetworkError()",
            "IsNetworkError",
            "true",
            "Attempts() <= 0x10",
            "Attempts() <= 1_0",
            "Attempts() <= 08",
            "Attempts() <= 99999999999999999999",
            "RequestMethod() == 1",
            "RequestMethod() < \"B\"",
            "Attempts() == \"1\"",
            "RequestMethod() == 'G'",
            "RequestMethod() == \"GET",
            "RequestMethod() == \"\\q\"",
            "IsNetworkError() == IsNetworkError()",
            "IsNetworkError() &&",
            "IsNetworkError()\n&& Attempts() <= 2",
            "IsNetworkError() & Attempts() <= 2",
            "Attempts() + 1 <= 3",
            "IsNetworkError();",
            "IsNetworkError() /* unterminated",
            "IsNetworkError()()",
            "Attempts()[0] <= 2",
            "(IsNetworkError()",
            "IsNetworkError())",
            "",
            "  ",
            "IsNetworkError() # comment"})
    void refusesWhatOxyRefuses(String expression) {
        assertThatThrownBy(() -> RetryExpression.parse(expression)).isInstanceOf(RetryExpression.Invalid.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            !IsNetworkError()                 | not) is not supported
            2 >= Attempts()                   | on the left
            Attempts() <= 2.5                 | not a whole number
            Unknown()                         | unsupported function: Unknown
            IsNetworkError() & Attempts() < 2 | is not supported; use &&
            Attempts()                        | is not a condition
            """)
    void explainsTheProblem(String expression, String message) {
        assertThatThrownBy(() -> RetryExpression.parse(expression)).hasMessageContaining(message);
    }
}
