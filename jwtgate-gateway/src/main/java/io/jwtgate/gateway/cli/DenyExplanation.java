package io.jwtgate.gateway.cli;

import io.jwtgate.jwt.DenyReason;

/** What {@code jwtgate verify} prints under a denial: what the reason means and what to change. */
final class DenyExplanation {

    private DenyExplanation() {}

    /** Whether the signature had verified before this reason was found (the reason is about the claims or the request). */
    static boolean afterSignature(DenyReason reason) {
        return switch (reason) {
            case EXPIRED, NOT_YET_VALID, ISSUED_IN_FUTURE, INVALID_TIME_CLAIM, AUDIENCE_MISMATCH, CLAIMS_FALSE, INVALID_HEADER_VALUE,
                 TENANT_NOT_ALLOWED, TENANT_MISMATCH, NOT_AN_ACCESS_TOKEN -> true;
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
            case ISSUER_NOT_TRUSTED -> "iss does not match the issuer option or any trustedIssuers entry";
            default -> null;
        };
    }
}
