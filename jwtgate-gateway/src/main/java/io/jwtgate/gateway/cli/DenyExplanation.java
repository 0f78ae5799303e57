package io.jwtgate.gateway.cli;

import io.jwtgate.jwt.DenyReason;

/** What {@code jwtgate verify} prints under a denial: what the reason means and what to change. */
final class DenyExplanation {

    private DenyExplanation() {}

    /** Whether the signature had verified before this reason was found (the reason is about the claims or the request). */
    static boolean afterSignature(DenyReason reason) {
        return switch (reason) {
            case EXPIRED, NOT_YET_VALID, ISSUED_IN_FUTURE, INVALID_TIME_CLAIM, AUDIENCE_MISMATCH, CLAIMS_FALSE, INVALID_HEADER_VALUE,
                 TENANT_NOT_ALLOWED, TENANT_MISMATCH, NOT_AN_ACCESS_TOKEN, DPOP_REQUIRED, DPOP_BOUND_TOKEN_AS_BEARER,
                 CERTIFICATE_BINDING_MISMATCH -> true;
            default -> false;
        };
    }

    /** A sentence for the reasons whose fix is not obvious from the detail, or null. */
    static String of(DenyReason reason) {
        return switch (reason) {
            case TENANT_NOT_ALLOWED -> "iss names a tenant of the {tenantid} issuer template that allowedTenants does not list: "
                    + "add the tenant ID to allowedTenants if this organisation may call the route";
            case TENANT_MISMATCH -> "iss names one tenant and tid another (or tid is missing): the token was not issued by "
                    + "the tenant its iss claims; nothing to configure, the token is forged or not an Entra token";
            case NOT_AN_ACCESS_TOKEN -> "requireAccessTokenProfile is set: the token must have typ at+jwt and the RFC 9068 claims "
                    + "iss, exp, aud, sub, client_id, iat and jti; an ID token or another JWT of the issuer is refused";
            case AMBIGUOUS_COOKIE -> "the tokenCookie cookie was sent twice with different values (a cookie planted by another "
                    + "subdomain or path): clear the duplicate cookie in the browser";
            case DPOP_REQUIRED -> "dpop.mode is required: send the token as 'Authorization: DPoP <token>' with a DPoP proof header";
            case DPOP_BOUND_TOKEN_AS_BEARER -> "the token is bound to a DPoP key (cnf.jkt): send it as 'Authorization: DPoP <token>' with a proof "
                    + "signed by that key (jwtgate verify has no request, so it cannot check a proof)";
            case DPOP_INVALID_PROOF, DPOP_WRONG_REQUEST, DPOP_STALE_PROOF, DPOP_REPLAYED_PROOF, DPOP_WRONG_ACCESS_TOKEN, DPOP_WRONG_KEY ->
                    "the DPoP proof does not fit this request, token or key (docs/jwt-middleware.md, dpop): make a new proof per request "
                            + "with htm, htu (no query), a fresh iat and jti, ath = base64url(sha256(token)), signed by the key of cnf.jkt";
            case DPOP_NONCE_REQUIRED -> "dpop.nonce is on: retry with the nonce of the DPoP-Nonce response header in the proof";
            case CERTIFICATE_BINDING_MISMATCH -> "the token is bound to a client certificate (cnf.x5t#S256): it passes only over a TLS entry "
                    + "point with clientAuth, presented with that certificate (jwtgate verify has no TLS connection)";
            case TOKEN_INACTIVE -> "the introspection endpoint says the token is not active (revoked, expired, unknown to it, or issued "
                    + "for another client): get a new token; with a cached answer, a new answer comes after introspection.negativeCacheTtl";
            case INTROSPECTION_UNAVAILABLE -> "the introspection endpoint gave no usable answer (down, timed out, refused the gateway's "
                    + "client credentials, or not RFC 7662 JSON): requests are denied until it answers; the gateway's log says which";
            case ISSUER_NOT_TRUSTED -> "iss does not match the issuer option or any trustedIssuers entry";
            default -> null;
        };
    }
}
