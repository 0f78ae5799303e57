package io.jwtgate.jwt;

import io.jwtgate.jwt.cache.VerifiedTokenCache;
import io.jwtgate.jwt.keys.KeySetPolicy;
import io.jwtgate.jwt.verify.SignatureVerifier;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * What a middleware needs from its host.
 *
 * @param secrets          resolves secret references (decision 17)
 * @param clock            time for exp/nbf/iat and key-set freshness
 * @param blockingExecutor runs file I/O (jwksFile reloads) off the caller thread
 * @param httpClientOrNull client for key sets; null builds one from {@code clientConfig}
 * @param middlewareName   for logs and messages
 * @param keySetPolicy     key-set timings and limits
 * @param verifier         signature verification with the process's crypto providers (null: automatic choice)
 * @param tokenCache       the process's verified-token cache, or null for none
 */
public record JwtEnvironment(SecretResolver secrets, Clock clock, Executor blockingExecutor, HttpClient httpClientOrNull,
                             String middlewareName, KeySetPolicy keySetPolicy, SignatureVerifier verifier,
                             VerifiedTokenCache tokenCache) {

    public JwtEnvironment {
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(blockingExecutor, "blockingExecutor");
        Objects.requireNonNull(middlewareName, "middlewareName");
        keySetPolicy = keySetPolicy == null ? KeySetPolicy.defaults() : keySetPolicy;
        verifier = verifier == null ? SignatureVerifier.defaults() : verifier;
    }

    public JwtEnvironment(SecretResolver secrets, Clock clock, Executor blockingExecutor, HttpClient httpClientOrNull,
                          String middlewareName, KeySetPolicy keySetPolicy) {
        this(secrets, clock, blockingExecutor, httpClientOrNull, middlewareName, keySetPolicy, null, null);
    }

    public JwtEnvironment(SecretResolver secrets, Clock clock, Executor blockingExecutor, HttpClient httpClientOrNull,
                          String middlewareName) {
        this(secrets, clock, blockingExecutor, httpClientOrNull, middlewareName, KeySetPolicy.defaults());
    }

    private static final class SharedExecutor {
        static final Executor INSTANCE = Executors.newVirtualThreadPerTaskExecutor();
    }

    /** env:/file: secret references, the system clock, virtual threads for file I/O, a client built from clientConfig. */
    public static JwtEnvironment defaults(String middlewareName) {
        return new JwtEnvironment(SecretResolver.defaults(), Clock.systemUTC(), SharedExecutor.INSTANCE, null, middlewareName);
    }

    public JwtEnvironment withKeySetPolicy(KeySetPolicy policy) {
        return new JwtEnvironment(secrets, clock, blockingExecutor, httpClientOrNull, middlewareName, policy, verifier, tokenCache);
    }

    /** The same environment with these crypto providers and this token cache (null: no cache). */
    public JwtEnvironment withVerification(SignatureVerifier verifier, VerifiedTokenCache tokenCache) {
        return new JwtEnvironment(secrets, clock, blockingExecutor, httpClientOrNull, middlewareName, keySetPolicy, verifier, tokenCache);
    }
}
