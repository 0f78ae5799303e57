package io.jwtgate.jwt.token;

import io.jwtgate.jwt.json.JsonValue;

/**
 * A compact JWS that passed the structural checks; its signature is NOT verified yet.
 *
 * @param header        the protected header
 * @param algorithm     the supported {@code alg} it names
 * @param kid           the {@code kid} header, or null
 * @param payload       the decoded payload bytes
 * @param signingInput  ASCII bytes of {@code header.payload}, what the signature covers
 * @param signature     the decoded signature bytes
 */
public record Jws(JsonValue.JsonObject header, JwsAlgorithm algorithm, String kid, byte[] payload,
                  byte[] signingInput, byte[] signature) {
}
