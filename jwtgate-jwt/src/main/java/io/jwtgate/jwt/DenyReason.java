package io.jwtgate.jwt;

/**
 * Why a request was refused. Goes to logs, metrics and debug tooling, never to the client
 * (the client sees only the status and the challenge, decision 7).
 */
public enum DenyReason {
    /** No token in the header, the query parameter or the form body. */
    MISSING_TOKEN(401),
    /** Not a compact JWS: segments, base64url, JSON, header members, or a non-Bearer credential. */
    MALFORMED_TOKEN(401),
    /** Longer than the token size limit (16 KiB). */
    TOKEN_TOO_LARGE(401),
    /** {@code alg} absent from the supported set ({@code none} included). */
    UNSUPPORTED_ALGORITHM(401),
    /** A header member we refuse to honour: {@code crit}, {@code b64}. */
    UNSUPPORTED_HEADER(401),
    /** No configured key fits the token's {@code kid} and {@code alg}. */
    UNKNOWN_KEY(401),
    /** The signature does not verify. */
    BAD_SIGNATURE(401),
    /** {@code exp} reached. */
    EXPIRED(401),
    /** {@code nbf} not reached. */
    NOT_YET_VALID(401),
    /** {@code iat} in the future. */
    ISSUED_IN_FUTURE(401),
    /** A time claim that is not a sane JSON number. */
    INVALID_TIME_CLAIM(401),
    /** {@code iss} missing, or not one of the trusted issuers. */
    ISSUER_NOT_TRUSTED(401),
    /** The key set could not be fetched and no usable copy is cached. */
    KEYS_UNAVAILABLE(401),
    /** {@code aud} does not contain one of the configured {@code audiences} (or the MCP route's resource). */
    AUDIENCE_MISMATCH(401),
    /** {@code iss} matches a multi-tenant {@code issuer} template, but its tenant is not in {@code allowedTenants} (extension). */
    TENANT_NOT_ALLOWED(401),
    /** {@code iss} matches a multi-tenant {@code issuer} template, but {@code tid} is missing or names another tenant (extension). */
    TENANT_MISMATCH(401),
    /** {@code requireAccessTokenProfile}: {@code typ} is not {@code at+jwt}, or an RFC 9068 claim is missing (extension). */
    NOT_AN_ACCESS_TOKEN(401),
    /** {@code tokenCookie}: the cookie is sent twice with different values (cookie tossing), or its value is unusable (extension). */
    AMBIGUOUS_COOKIE(401),
    /** {@code dpop.mode: required} and the token came without DPoP (as {@code Bearer}, or not bound to a key) (extension). */
    DPOP_REQUIRED(401),
    /** A DPoP-bound token ({@code cnf.jkt}) presented as {@code Bearer} (RFC 9449 section 7.2) (extension). */
    DPOP_BOUND_TOKEN_AS_BEARER(401),
    /** No single usable DPoP proof: missing, several, malformed, wrong {@code typ}, symmetric {@code alg}, bad {@code jwk}, bad signature (extension). */
    DPOP_INVALID_PROOF(401),
    /** The proof's {@code htm} or {@code htu} is not this request's method or URI (extension). */
    DPOP_WRONG_REQUEST(401),
    /** The proof's {@code iat} is older than {@code proofMaxAge} or in the future (extension). */
    DPOP_STALE_PROOF(401),
    /** The proof's {@code jti} was seen before within its lifetime (extension). */
    DPOP_REPLAYED_PROOF(401),
    /** The proof's {@code ath} is missing or is not the hash of the presented token (extension). */
    DPOP_WRONG_ACCESS_TOKEN(401),
    /** The proof's key is not the one the token is bound to ({@code cnf.jkt}), or the token is not bound (extension). */
    DPOP_WRONG_KEY(401),
    /** {@code dpop.nonce}: the proof has no nonce or a stale one; the answer carries a fresh {@code DPoP-Nonce} (extension). */
    DPOP_NONCE_REQUIRED(401),
    /** {@code certificateBoundTokens}: {@code cnf.x5t#S256} is not the client certificate's thumbprint, or no certificate (extension, RFC 8705). */
    CERTIFICATE_BINDING_MISMATCH(401),
    /** {@code introspection}: the endpoint says the token is not active (revoked, expired, unknown) (extension, RFC 7662). */
    TOKEN_INACTIVE(401),
    /** {@code introspection}: no usable answer from the endpoint (down, timed out, refused our credentials, malformed): fail closed (extension). */
    INTROSPECTION_UNAVAILABLE(401),
    /** The {@code claims} expression is false. */
    CLAIMS_FALSE(403),
    /** A forwarded claim value would inject a header (CR, LF, NUL or another control character). */
    INVALID_HEADER_VALUE(401),
    /** An unexpected error inside the middleware: fail closed. */
    INTERNAL_ERROR(401);

    private final int status;

    DenyReason(int status) {
        this.status = status;
    }

    /** HTTP status this reason maps to: 401, or 403 for {@link #CLAIMS_FALSE}. */
    public int status() {
        return status;
    }
}
