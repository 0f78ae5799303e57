package io.jwtgate.jwt.support;

import io.jwtgate.jwt.AuthOutcome;
import io.jwtgate.jwt.JwtAuthenticator;
import io.jwtgate.jwt.JwtConfig;
import io.jwtgate.jwt.JwtEnvironment;
import io.jwtgate.jwt.SecretResolver;
import io.jwtgate.jwt.TokenRequest;
import io.jwtgate.jwt.config.ConfigException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test shortcuts around {@link JwtAuthenticator}. */
public final class Auth {

    private Auth() {}

    /** Builds a mutable option map: {@code options("signingSecret", "x", "claims", "...")}. */
    public static Map<String, Object> options(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    public static JwtEnvironment env(Clock clock) {
        return new JwtEnvironment(SecretResolver.defaults(), clock, Runnable::run, null, "test");
    }

    public static JwtAuthenticator create(Map<String, ?> options, Clock clock) throws ConfigException {
        return JwtAuthenticator.create(JwtConfig.fromMap(options), env(clock));
    }

    public static JwtAuthenticator create(Map<String, ?> options) throws ConfigException {
        return create(options, Clock.systemUTC());
    }

    /** Extracts and authenticates, waiting at most 10 s for a key fetch. */
    public static AuthOutcome run(JwtAuthenticator auth, TokenRequest request) {
        try {
            return auth.authenticate(auth.extract(request)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("authenticate must never fail: " + e, e);
        }
    }

    public static AuthOutcome run(JwtAuthenticator auth, String token) {
        try {
            return auth.authenticate(token, true).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("authenticate must never fail: " + e, e);
        }
    }

    public static AuthOutcome.Denied denied(AuthOutcome outcome) {
        if (outcome instanceof AuthOutcome.Denied d) {
            return d;
        }
        throw new AssertionError("expected Denied but got " + outcome);
    }

    public static AuthOutcome.Allowed allowed(AuthOutcome outcome) {
        if (outcome instanceof AuthOutcome.Allowed a) {
            return a;
        }
        throw new AssertionError("expected Allowed but got " + outcome);
    }

    public static final Duration TEN_SECONDS = Duration.ofSeconds(10);
}
