package io.jwtgate.jwt;

/** Why fetching (or loading) a key set failed: the cause categories reported per key set and in metrics. */
public enum FetchFailure {
    /** Connection refused, reset or closed (retried). */
    CONNECT,
    /** No complete answer within {@code clientConfig.timeoutSeconds} (retried). */
    TIMEOUT,
    /** TLS handshake or certificate verification failed (not retried: certificates do not fix themselves). */
    TLS,
    /** An HTTP status other than 200 (5xx retried, others not). */
    HTTP_STATUS,
    /** The body is larger than {@code keySetPolicy.maxBytes}. */
    TOO_LARGE,
    /** The body is not a JSON object with a {@code keys} array (or not a discovery document). */
    INVALID_JSON,
    /** More keys than {@code keySetPolicy.maxKeys}. */
    TOO_MANY_KEYS,
    /** The set holds no key usable for signature verification (every key was dropped). */
    NO_USABLE_KEYS,
    /** The OpenID discovery document is unusable: wrong {@code issuer}, missing or non-https {@code jwks_uri}. */
    INVALID_DISCOVERY,
    /** A {@code jwksFile} could not be read. */
    FILE_READ,
    /** An unexpected error inside the gateway. */
    INTERNAL
}
