package io.jwtgate.jwt.claims;

import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.token.TokenRejected;
import java.time.Duration;

/**
 * Checks {@code exp}, {@code nbf} and {@code iat} when present (RFC 7519 section 4.1), with the
 * {@code clockSkew} extension (decision 16). A present time claim must be a JSON number between
 * 0 and year 9999; strings, booleans, null, arrays and absurd values such as {@code 1e309} are invalid.
 */
public final class TimeClaims {

    /** 9999-12-31T23:59:59Z: beyond this a NumericDate is a bug or an attack (attacks #17). */
    static final double MAX_SECONDS = 253_402_300_799d;

    private TimeClaims() {}

    public static void check(JsonValue.JsonObject claims, long nowMillis, Duration skew) throws TokenRejected {
        double now = nowMillis / 1000d;
        double leeway = skew.toMillis() / 1000d;
        Double exp = seconds(claims, "exp");
        Double nbf = seconds(claims, "nbf");
        Double iat = seconds(claims, "iat");
        if (exp != null && now >= exp + leeway) {
            throw new TokenRejected(DenyReason.EXPIRED, "exp is " + (long) Math.floor(now - exp) + " s in the past");
        }
        if (nbf != null && now + leeway < nbf) {
            throw new TokenRejected(DenyReason.NOT_YET_VALID, "nbf is " + (long) Math.ceil(nbf - now) + " s in the future");
        }
        if (iat != null && iat > now + leeway) {
            throw new TokenRejected(DenyReason.ISSUED_IN_FUTURE, "iat is " + (long) Math.ceil(iat - now) + " s in the future");
        }
    }

    /** Plain integers (what every issuer writes) without the general decimal parser; the same value, exactly. */
    private static double parse(String literal) {
        int n = literal.length();
        if (n == 0 || n > 15) {
            return Double.parseDouble(literal);
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = literal.charAt(i);
            if (c < '0' || c > '9') {
                return Double.parseDouble(literal);
            }
            v = v * 10 + (c - '0');
        }
        return v; // < 10^15 < 2^53: exact
    }

    private static Double seconds(JsonValue.JsonObject claims, String name) throws TokenRejected {
        JsonValue value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonValue.JsonNumber number)) {
            throw new TokenRejected(DenyReason.INVALID_TIME_CLAIM, name + " is not a JSON number");
        }
        double seconds;
        try {
            seconds = parse(number.literal());
        } catch (NumberFormatException e) {
            throw new TokenRejected(DenyReason.INVALID_TIME_CLAIM, name + " is not a number");
        }
        if (!Double.isFinite(seconds) || seconds < 0 || seconds > MAX_SECONDS) {
            throw new TokenRejected(DenyReason.INVALID_TIME_CLAIM, name + " is out of range");
        }
        return seconds;
    }
}
