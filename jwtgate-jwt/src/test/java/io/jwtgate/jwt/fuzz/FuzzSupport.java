package io.jwtgate.jwt.fuzz;

import io.jwtgate.jwt.AuthOutcome;
import io.jwtgate.jwt.JwtAuthenticator;
import io.jwtgate.jwt.JwtConfig;
import io.jwtgate.jwt.JwtEnvironment;
import io.jwtgate.jwt.SecretResolver;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Shared fixtures of the fuzz targets: one fixed HMAC key, a fixed clock, and the invariants every outcome must meet. */
final class FuzzSupport {

    static final String SECRET = "fuzzing-secret-of-at-least-32-bytes!!";
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    static final String DENIED_BODY = "401 Unauthorized\n";

    private FuzzSupport() {}

    /** An authenticator with a fixed secret, a claims policy and forwarded headers, so that every stage runs. */
    static JwtAuthenticator authenticator() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("signingSecret", SECRET);
        options.put("claims", "Equals(`iss`, `fuzz`) || (Prefix(`sub`, `a`) && !OneOf(`aud`, `x`, `y`)) || Contains(`roles`, `admin`)"
                + " || SplitContains(`scope`, ` `, `read`) || Equals(`nested.deep.key`, `v`)");
        options.put("usernameClaim", "sub");
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("X-Sub", "sub");
        forward.put("X-Roles", "roles");
        forward.put("X-Nested", "nested.deep");
        options.put("forwardHeaders", forward);
        try {
            return JwtAuthenticator.create(JwtConfig.fromMap(options),
                    new JwtEnvironment(SecretResolver.defaults(), CLOCK, Runnable::run, null, "fuzz"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String sign(String headerJson, String payloadJson) {
        try {
            String input = b64(headerJson) + "." + b64(payloadJson);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Authenticates synchronously; any exception escaping the library is a finding. */
    static AuthOutcome run(JwtAuthenticator auth, String token) throws Exception {
        AuthOutcome outcome = auth.authenticate(token, true).toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (outcome == null) {
            throw new AssertionError("null outcome");
        }
        return outcome;
    }

    /** Invariants of a denial: the fixed body (no oracle) and a reason; of an approval: header values safe to forward. */
    static void checkOutcome(AuthOutcome outcome, String token) {
        if (outcome instanceof AuthOutcome.Denied d) {
            if (d.status() == 401 && !DENIED_BODY.equals(d.body())) {
                throw new AssertionError("401 body differs: " + d.body());
            }
            if (d.reason() == null) {
                throw new AssertionError("denial without a reason");
            }
            String signature = token.substring(token.lastIndexOf('.') + 1);
            if (d.detail() != null && signature.length() >= 16 && d.detail().contains(signature)) {
                throw new AssertionError("the denial detail (logged) contains the token's signature");
            }
        } else if (outcome instanceof AuthOutcome.Allowed a) {
            for (Map.Entry<String, String> header : a.addHeaders()) {
                checkHeaderValue(header.getValue());
            }
        }
    }

    static void checkHeaderValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new AssertionError("control character 0x" + Integer.toHexString(c) + " in a forwarded header value");
            }
        }
    }
}
