package io.jwtgate.jwt.crypto;

/**
 * One thread's engine for one algorithm ({@code Signature}, {@code Mac} or {@link PrecomputedHmac}), and the
 * key it is initialised with. Each returns to its initialised state after a verification, so the
 * same key (the same {@code VerificationKey} object: key sets are immutable) skips {@code initVerify},
 * which for a foreign provider converts the JDK key and for HMAC derives the pads. The key is
 * cleared while an operation is in flight, so an engine left in an unknown state by an exception is
 * initialised again.
 */
public final class EngineSlot {

    public final Object engine;
    /** The key the engine is ready for, or null. */
    public Object key;
    /** HMAC output buffer, reused. */
    public final byte[] buffer;

    EngineSlot(Object engine, int bufferLength) {
        this.engine = engine;
        this.buffer = new byte[bufferLength];
    }
}
