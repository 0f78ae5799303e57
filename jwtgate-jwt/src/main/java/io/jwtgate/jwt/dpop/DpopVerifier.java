package io.jwtgate.jwt.dpop;

import com.nimbusds.jose.jwk.JWK;
import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.TokenRequest;
import io.jwtgate.jwt.config.AlgorithmFamily;
import io.jwtgate.jwt.config.DpopOptions;
import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.json.StrictJsonParser;
import io.jwtgate.jwt.keys.JwkSetParser;
import io.jwtgate.jwt.keys.KeyEntry;
import io.jwtgate.jwt.token.Jws;
import io.jwtgate.jwt.token.JwsAlgorithm;
import io.jwtgate.jwt.token.JwsParser;
import io.jwtgate.jwt.token.TokenRejected;
import io.jwtgate.jwt.verify.SignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * DPoP (RFC 9449) for one middleware: which tokens need a proof, and the proof checks of section 4.3
 * and 7.1 in their order. The proof is parsed and verified by this library's own JWS parser and
 * signature verifier (as access tokens are); only the {@code jwk} member becomes a key through the
 * same JWK conversion key sets use ({@code JwkSetParser}, Nimbus's JWK model).
 */
public final class DpopVerifier {

    /** Largest proof accepted (a proof carries one public key: RSA 4096 fits in well under 4 KiB). */
    static final int MAX_PROOF_LENGTH = 8 * 1024;
    static final int MAX_JTI_LENGTH = 256;
    static final int REPLAY_CACHE_ENTRIES = 100_000;
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    /** The {@code algs} of the challenge: every supported asymmetric algorithm. */
    public static final String ALGS = Arrays.stream(JwsAlgorithm.values()).filter(a -> a.family() != AlgorithmFamily.HMAC)
            .map(JwsAlgorithm::name).collect(Collectors.joining(" "));

    private final DpopOptions options;
    private final SignatureVerifier verifier;
    private final Clock clock;
    private final Duration skew;
    private final ReplayCache replays = new ReplayCache(REPLAY_CACHE_ENTRIES);
    private final NonceSource nonces;

    public DpopVerifier(DpopOptions options, SignatureVerifier verifier, Clock clock, Duration skew) {
        this.options = options;
        this.verifier = verifier;
        this.clock = clock;
        this.skew = skew;
        this.nonces = options.nonce() ? new NonceSource(options.proofMaxAge().toMillis()) : null;
    }

    public DpopOptions options() {
        return options;
    }

    /** A nonce to send in {@code DPoP-Nonce}, or null when nonces are off. */
    public String freshNonce() {
        return nonces == null ? null : nonces.current(clock.millis());
    }

    /**
     * @param dpopScheme whether the token came as {@code Authorization: DPoP}
     * @param request    the request (method, URI, the DPoP header); null: no request known, no proof possible
     */
    public void check(String accessToken, JsonValue.JsonObject claims, boolean dpopScheme, TokenRequest request) throws TokenRejected {
        String jkt = boundKey(claims);
        if (!dpopScheme) {
            if (jkt != null) {
                throw new TokenRejected(DenyReason.DPOP_BOUND_TOKEN_AS_BEARER, "token is bound to a DPoP key (cnf.jkt) but came as Bearer");
            }
            if (options.mode() == DpopOptions.Mode.REQUIRED) {
                throw new TokenRejected(DenyReason.DPOP_REQUIRED, "dpop.mode is required and the token came as Bearer");
            }
            return;
        }
        if (jkt == null) {
            throw new TokenRejected(DenyReason.DPOP_WRONG_KEY, "token came with the DPoP scheme but is not bound to a key (no cnf.jkt)");
        }
        List<String> proofs = request == null ? List.of() : request.headers("DPoP");
        if (proofs.size() != 1 || proofs.get(0).isBlank()) {
            throw new TokenRejected(DenyReason.DPOP_INVALID_PROOF, proofs.isEmpty() ? "no DPoP header" : "several DPoP header fields");
        }
        Jws proof;
        JsonValue.JsonObject payload;
        try {
            proof = JwsParser.parse(proofs.get(0).strip(), MAX_PROOF_LENGTH);
            payload = StrictJsonParser.parseObject(proof.payload());
        } catch (TokenRejected e) {
            throw new TokenRejected(DenyReason.DPOP_INVALID_PROOF, "proof: " + e.getMessage());
        } catch (StrictJsonParser.JsonRejected e) {
            throw new TokenRejected(DenyReason.DPOP_INVALID_PROOF, "proof payload: " + e.getMessage());
        }
        String typ = proof.header().string("typ");
        if (typ == null || !typ.equalsIgnoreCase("dpop+jwt")) {
            throw new TokenRejected(DenyReason.DPOP_INVALID_PROOF, "proof typ is not dpop+jwt");
        }
        if (proof.algorithm().family() == AlgorithmFamily.HMAC) {
            throw new TokenRejected(DenyReason.DPOP_INVALID_PROOF, "proof alg " + proof.algorithm() + " is symmetric");
        }
        if (!(proof.header().get("jwk") instanceof JsonValue.JsonObject jwk)) {
            throw new TokenRejected(DenyReason.DPOP_INVALID_PROOF, "proof header has no jwk object");
        }
        KeyEntry key = publicKey(jwk);
        if (!key.fits(proof.algorithm())) {
            throw new TokenRejected(DenyReason.DPOP_INVALID_PROOF, "proof jwk does not fit alg " + proof.algorithm());
        }
        if (!verifier.verifies(proof.algorithm(), key.key(), proof.signingInput(), proof.signature())) {
            throw new TokenRejected(DenyReason.DPOP_INVALID_PROOF, "proof signature does not verify");
        }
        String jti = payload.string("jti");
        if (jti == null || jti.isEmpty() || jti.length() > MAX_JTI_LENGTH) {
            throw new TokenRejected(DenyReason.DPOP_INVALID_PROOF, "proof jti missing, not a string, or too long");
        }
        String htm = payload.string("htm");
        if (htm == null || request.method() == null || !htm.equals(request.method())) {
            throw new TokenRejected(DenyReason.DPOP_WRONG_REQUEST, "proof htm is not the request method");
        }
        String htu = Htu.normalize(payload.string("htu"));
        String actual = Htu.normalize(request.effectiveUri());
        if (htu == null || actual == null || !htu.equals(actual)) {
            throw new TokenRejected(DenyReason.DPOP_WRONG_REQUEST, "proof htu is not the request URI");
        }
        long now = clock.millis();
        if (!(payload.get("iat") instanceof JsonValue.JsonNumber iatNumber)) {
            throw new TokenRejected(DenyReason.DPOP_INVALID_PROOF, "proof iat missing or not a number");
        }
        double iat = iatNumber.toBigDecimal().doubleValue() * 1000;
        if (iat < now - options.proofMaxAge().toMillis() - skew.toMillis() || iat > now + skew.toMillis() + 1000) {
            throw new TokenRejected(DenyReason.DPOP_STALE_PROOF, "proof iat is outside the window of " + options.proofMaxAge().toSeconds() + "s");
        }
        String ath = payload.string("ath");
        if (ath == null || !MessageDigest.isEqual(ath.getBytes(StandardCharsets.US_ASCII), sha256(accessToken).getBytes(StandardCharsets.US_ASCII))) {
            throw new TokenRejected(DenyReason.DPOP_WRONG_ACCESS_TOKEN, ath == null ? "proof has no ath" : "proof ath is not the hash of the token");
        }
        String thumbprint = JwkThumbprint.of(jwk);
        if (thumbprint == null || !thumbprint.equals(jkt)) {
            throw new TokenRejected(DenyReason.DPOP_WRONG_KEY, "proof key is not the key the token is bound to (cnf.jkt)");
        }
        if (nonces != null && !nonces.valid(payload.string("nonce"), now)) {
            throw new TokenRejected(DenyReason.DPOP_NONCE_REQUIRED, payload.string("nonce") == null ? "proof has no nonce" : "proof nonce is stale or unknown");
        }
        // Last: only a proof that passed every other check takes a place in the cache.
        long expires = (long) iat + options.proofMaxAge().toMillis() + skew.toMillis() + 1000;
        switch (replays.remember(thumbprint + ":" + jti, Math.max(expires, now + 1000), now)) {
            case REPLAYED -> throw new TokenRejected(DenyReason.DPOP_REPLAYED_PROOF, "proof jti was used before");
            case FULL -> throw new TokenRejected(DenyReason.DPOP_INVALID_PROOF, "replay cache full (" + REPLAY_CACHE_ENTRIES + " live proofs)");
            case FRESH -> { }
        }
    }

    /** {@code cnf.jkt} when the token is bound to a DPoP key, else null. */
    static String boundKey(JsonValue.JsonObject claims) {
        return claims.get("cnf") instanceof JsonValue.JsonObject cnf ? cnf.string("jkt") : null;
    }

    private static KeyEntry publicKey(JsonValue.JsonObject jwk) throws TokenRejected {
        for (String member : jwk.members().keySet()) {
            if (PRIVATE_MEMBERS.contains(member)) {
                throw new TokenRejected(DenyReason.DPOP_INVALID_PROOF, "proof jwk holds private key material (" + member + ")");
            }
        }
        try {
            JWK parsed = JWK.parse(io.jwtgate.jwt.json.CompactJson.write(jwk));
            return JwkSetParser.toEntry(parsed, false);
        } catch (Exception e) {
            throw new TokenRejected(DenyReason.DPOP_INVALID_PROOF, "proof jwk is not a usable public key: " + e.getClass().getSimpleName());
        }
    }

    static String sha256(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For the challenge: {@code algs} (RFC 9449 section 7.1). */
    public static String algs() {
        return ALGS;
    }
}
