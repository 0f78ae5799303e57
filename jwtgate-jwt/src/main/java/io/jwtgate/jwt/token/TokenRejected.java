package io.jwtgate.jwt.token;

import io.jwtgate.jwt.DenyReason;

/**
 * Internal control flow: a step refused the token. Stackless because it is thrown on bad input,
 * which attackers can send at will. The detail never contains the token.
 */
public final class TokenRejected extends Exception {

    private final DenyReason reason;

    public TokenRejected(DenyReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public DenyReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
