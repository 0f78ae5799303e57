package io.jwtgate.jwt;

import io.jwtgate.jwt.claims.AccessTokenProfile;
import io.jwtgate.jwt.claims.CertificateBinding;
import io.jwtgate.jwt.claims.ClaimPath;
import io.jwtgate.jwt.claims.ClaimsPolicy;
import io.jwtgate.jwt.claims.ForwardHeaders;
import io.jwtgate.jwt.claims.IssuerPolicy;
import io.jwtgate.jwt.claims.TimeClaims;
import io.jwtgate.jwt.dpop.DpopVerifier;
import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.token.TokenRejected;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What a middleware checks once it trusts the claims (a verified signature, a cached verification, an introspection
 * answer), per request: time claims, the RFC 9068 profile, issuer and tenants, audiences, the sender constraint (DPoP,
 * certificate), the {@code claims} expression; then the headers to forward.
 */
final class ClaimChecks {

    private final JwtConfig config;
    private final Clock clock;
    private final IssuerPolicy issuers;
    private final DpopVerifier dpop;
    private final ClaimsPolicy claims;
    private final ForwardHeaders forwardHeaders;
    private final ClaimPath usernamePath;
    private final List<String> removeHeaders;

    /** @param issuers, dpop, claims, usernamePath null when not configured */
    ClaimChecks(JwtConfig config, Clock clock, IssuerPolicy issuers, DpopVerifier dpop, ClaimsPolicy claims, ForwardHeaders forwardHeaders,
                ClaimPath usernamePath, List<String> removeHeaders) {
        this.config = config;
        this.clock = clock;
        this.issuers = issuers;
        this.dpop = dpop;
        this.claims = claims;
        this.forwardHeaders = forwardHeaders;
        this.usernamePath = usernamePath;
        this.removeHeaders = removeHeaders;
    }

    /**
     * @param typ          the JOSE {@code typ}, null for an introspection answer
     * @param introspected the claims are an introspection answer: no JOSE header, so no RFC 9068 {@code typ} to check
     * @param request      null when unknown (then sender-constrained tokens are refused)
     */
    AuthOutcome.Allowed check(String token, JsonValue.JsonObject payload, String typ, boolean introspected, boolean dpopScheme,
                              TokenRequest request) throws TokenRejected {
        TimeClaims.check(payload, clock.millis(), config.clockSkew());
        if (config.requireAccessTokenProfile() && !introspected) {
            AccessTokenProfile.check(typ, payload);
        }
        if (issuers != null) {
            issuers.check(payload);
        }
        if (!config.audiences().isEmpty() && !audienceAccepted(payload.get("aud"))) {
            throw new TokenRejected(DenyReason.AUDIENCE_MISMATCH, "aud does not contain one of " + config.audiences());
        }
        if (dpop != null) {
            dpop.check(token, payload, dpopScheme, request);
        }
        if (!config.certificateBoundTokens().equals("off")) {
            CertificateBinding.check(payload, request == null ? null : request.clientCertificate(), config.certificateBoundTokens().equals("required"));
        }
        if (claims != null && !claims.test(payload)) {
            throw new TokenRejected(DenyReason.CLAIMS_FALSE, "claims expression is false");
        }
        List<Map.Entry<String, String>> add = forwardHeaders.render(payload);
        String username = usernamePath == null ? null : ForwardHeaders.single(usernamePath.lookup(payload));
        return new AuthOutcome.Allowed(removeHeaders, add, username, new LazyClaimMap(payload));
    }

    /** {@code aud} as a string or an array of strings (RFC 7519 section 4.1.3) naming one of {@code audiences}. */
    private boolean audienceAccepted(JsonValue aud) {
        List<JsonValue> values = aud instanceof JsonValue.JsonArray a ? a.elements() : aud == null ? List.of() : List.of(aud);
        for (JsonValue v : values) {
            if (v instanceof JsonValue.JsonString s && config.audiences().stream().anyMatch(expected -> ResourceUri.same(expected, s.value()))) {
                return true;
            }
        }
        return false;
    }
}
