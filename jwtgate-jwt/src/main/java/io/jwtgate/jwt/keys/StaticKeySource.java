package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.token.TokenRejected;
import java.util.concurrent.CompletableFuture;

/**
 * Keys fixed at configuration time: {@code signingSecret}, {@code publicKey} (both ignore {@code kid},
 * decision 9) or an inline {@code jwksFile} (selection by kid and alg, decision 10).
 */
public final class StaticKeySource implements KeySource {

    private final KeySet keys;
    private final boolean ignoreKid;

    public StaticKeySource(KeySet keys, boolean ignoreKid) {
        this.keys = keys;
        this.ignoreKid = ignoreKid;
    }

    @Override
    public CompletableFuture<KeyResolution> resolve(KeyRequest request) {
        try {
            return KeyResolution.done(new KeyResolution.Found(keys.select(request.alg(), ignoreKid ? null : request.kid())));
        } catch (TokenRejected e) {
            return KeyResolution.done(KeyResolution.of(e));
        }
    }
}
