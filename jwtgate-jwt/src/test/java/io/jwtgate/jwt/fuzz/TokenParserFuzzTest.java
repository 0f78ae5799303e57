package io.jwtgate.jwt.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jwtgate.jwt.AuthOutcome;
import io.jwtgate.jwt.JwtAuthenticator;
import io.jwtgate.jwt.token.Jws;
import io.jwtgate.jwt.token.JwsParser;
import io.jwtgate.jwt.token.TokenRejected;

/**
 * Fuzz targets for the token path: the strict compact-JWS parser, then the whole authentication
 * (signature, time claims, claims policy, forwarded headers) with a fixed key. The only acceptable
 * results are a parsed token, {@link TokenRejected}, or an {@link AuthOutcome}; any other exception
 * is a finding. Regression inputs: {@code src/test/resources/io/jwtgate/jwt/fuzz/TokenParserFuzzTestInputs/}.
 */
class TokenParserFuzzTest {

    private static final JwtAuthenticator AUTH = FuzzSupport.authenticator();

    /** Arbitrary text as a token: parse never throws anything but TokenRejected, and what it returns is consistent. */
    @FuzzTest(maxDuration = "30s")
    void parseArbitraryToken(FuzzedDataProvider data) {
        String token = data.consumeRemainingAsString();
        try {
            Jws jws = JwsParser.parse(token);
            if (jws.algorithm() == null || jws.signature().length == 0) {
                throw new AssertionError("parsed a token without algorithm or signature");
            }
            if (token.length() > JwsParser.DEFAULT_MAX_LENGTH) {
                throw new AssertionError("parsed a token over the size limit");
            }
        } catch (TokenRejected expected) {
            // the normal answer to garbage
        }
    }

    /** Arbitrary text through the whole authenticator: always an outcome, never an exception, never an approval without the key. */
    @FuzzTest(maxDuration = "30s")
    void authenticateArbitraryToken(FuzzedDataProvider data) throws Exception {
        String token = data.consumeRemainingAsString();
        AuthOutcome outcome = FuzzSupport.run(AUTH, token);
        FuzzSupport.checkOutcome(outcome, token);
        if (outcome instanceof AuthOutcome.Allowed) {
            throw new AssertionError("an unsigned fuzzed token was allowed");
        }
    }

    /**
     * Fuzzed header and payload JSON, correctly signed: exercises header checks, claim parsing, time
     * claims, the claims policy and forwarded-header rendering behind a valid signature.
     */
    @FuzzTest(maxDuration = "30s")
    void authenticateSignedFuzzedClaims(FuzzedDataProvider data) throws Exception {
        boolean fuzzHeader = data.consumeBoolean();
        String header = fuzzHeader ? data.consumeString(300) : "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        String payload = data.consumeRemainingAsString();
        String token = FuzzSupport.sign(header, payload);
        FuzzSupport.checkOutcome(FuzzSupport.run(AUTH, token), token);
    }
}
