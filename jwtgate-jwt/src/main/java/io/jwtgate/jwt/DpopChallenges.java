package io.jwtgate.jwt;

import io.jwtgate.jwt.dpop.DpopVerifier;
import io.jwtgate.jwt.http.Challenges;
import java.util.List;
import java.util.Map;

/** The answer to a request refused where DPoP applies: a {@code DPoP} challenge (RFC 9449 section 7.1), and a fresh nonce when one is asked for. */
final class DpopChallenges {

    private DpopChallenges() {}

    static AuthOutcome.Denied denied(DpopVerifier dpop, DenyReason reason, String detail, boolean tokenPresented, String resourceMetadata) {
        String error = switch (reason) {
            case DPOP_INVALID_PROOF, DPOP_WRONG_REQUEST, DPOP_STALE_PROOF, DPOP_REPLAYED_PROOF, DPOP_WRONG_ACCESS_TOKEN, DPOP_WRONG_KEY -> "invalid_dpop_proof";
            case DPOP_NONCE_REQUIRED -> "use_dpop_nonce";
            case CLAIMS_FALSE -> "insufficient_scope";
            default -> tokenPresented ? "invalid_token" : null;
        };
        String nonce = dpop.freshNonce();
        List<Map.Entry<String, String>> headers = nonce == null ? List.of() : List.of(Map.entry("DPoP-Nonce", nonce));
        return new AuthOutcome.Denied(reason.status(), Challenges.dpop(error, DpopVerifier.ALGS, resourceMetadata), reason, detail, headers);
    }
}
