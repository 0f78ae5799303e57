package io.jwtgate.jwt;

import io.jwtgate.jwt.json.JsonValue.JsonObject;
import io.jwtgate.jwt.json.StrictJsonParser;
import io.jwtgate.jwt.token.Jws;
import io.jwtgate.jwt.token.JwsParser;
import io.jwtgate.jwt.token.TokenRejected;

/**
 * A token decoded <em>without</em> verifying its signature, for diagnostics ({@code jwtgate verify}):
 * the same parser and the same limits as the middleware, so what it refuses here it refuses there.
 */
public sealed interface InspectedToken {

    /** Not a JWS compact token the middleware would accept (bad segments, header, algorithm, size). */
    record Malformed(DenyReason reason, String detail) implements InspectedToken {}

    /** The header is valid but the payload is not a strict JSON object. */
    record UnreadableClaims(JsonObject header, String algorithm, String kid, String detail) implements InspectedToken {}

    /** Header and claims decoded; the signature has not been checked. */
    record Decoded(JsonObject header, String algorithm, String kid, JsonObject claims) implements InspectedToken {}

    static InspectedToken inspect(String compact) {
        Jws jws;
        try {
            jws = JwsParser.parse(compact);
        } catch (TokenRejected e) {
            return new Malformed(e.reason(), e.detail());
        }
        String alg = jws.algorithm().name();
        try {
            return new Decoded(jws.header(), alg, jws.kid(), StrictJsonParser.parseObject(jws.payload()));
        } catch (StrictJsonParser.JsonRejected e) {
            return new UnreadableClaims(jws.header(), alg, jws.kid(), e.getMessage());
        }
    }
}
