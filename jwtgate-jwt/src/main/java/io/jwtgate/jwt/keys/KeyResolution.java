package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.token.TokenRejected;
import java.util.concurrent.CompletableFuture;

/** Outcome of key selection. */
public sealed interface KeyResolution {

    record Found(KeyEntry entry) implements KeyResolution {}

    record Failed(DenyReason reason, String detail) implements KeyResolution {}

    static KeyResolution of(TokenRejected rejected) {
        return new Failed(rejected.reason(), rejected.detail());
    }

    static CompletableFuture<KeyResolution> done(KeyResolution resolution) {
        return CompletableFuture.completedFuture(resolution);
    }
}
