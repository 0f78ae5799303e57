package io.jwtgate.jwt;

import io.jwtgate.jwt.config.KeySetPolicy;
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
 * @param httpClientOrNull client for key sets; null: the process's shared client for the {@code clientConfig} timeout, or one built
 *                         for the middleware when it sets TLS material
 * @param middlewareName   for logs and messages
 * @param keySetPolicy     key-set timings and limits
 * @param engine           the process's crypto providers and verified-token cache (null: automatic choice, no cache)
 */
public record JwtEnvironment(SecretResolver secrets, Clock clock, Executor blockingExecutor, HttpClient httpClientOrNull,
                             String middlewareName, KeySetPolicy keySetPolicy, JwtEngine engine) {

    public JwtEnvironment {
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(blockingExecutor, "blockingExecutor");
        Objects.requireNonNull(middlewareName, "middlewareName");
        keySetPolicy = keySetPolicy == null ? KeySetPolicy.defaults() : keySetPolicy;
        engine = engine == null ? JwtEngine.defaults() : engine;
    }

    public JwtEnvironment(SecretResolver secrets, Clock clock, Executor blockingExecutor, HttpClient httpClientOrNull,
                          String middlewareName, KeySetPolicy keySetPolicy) {
        this(secrets, clock, blockingExecutor, httpClientOrNull, middlewareName, keySetPolicy, null);
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
        return new JwtEnvironment(secrets, clock, blockingExecutor, httpClientOrNull, middlewareName, policy, engine);
    }

    /** The same environment sharing this engine (crypto providers and token cache) with other middlewares. */
    public JwtEnvironment withEngine(JwtEngine engine) {
        return new JwtEnvironment(secrets, clock, blockingExecutor, httpClientOrNull, middlewareName, keySetPolicy, engine);
    }
}
