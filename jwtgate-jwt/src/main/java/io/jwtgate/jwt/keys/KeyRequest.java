package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.token.JwsAlgorithm;

/**
 * What key selection may look at: the header {@code alg} and {@code kid}, and the unverified
 * {@code iss} (string or null), used only to pick among configured issuers.
 */
public record KeyRequest(JwsAlgorithm alg, String kid, String issuer) {}
