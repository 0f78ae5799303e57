package io.jwtgate.gateway.middleware.forwardauth;

/**
 * {@code trustForwardHeader}, whose three states Traefik treats differently: whether the
 * {@code X-Forwarded-*} headers already on the request reach the auth server.
 */
public enum ForwardHeaderTrust {
    /** {@code true}: kept (they were sanitized by the entry point's {@code forwardedHeaders}); missing ones are added. */
    TRUST,
    /** {@code false}: all of Traefik's X-headers are removed, then Method, Proto, Port, Host, Uri and For are set from the request. */
    DISTRUST,
    /**
     * Not set (Traefik warns): the legacy behaviour, where For, Proto, Method, Host and Uri are set
     * from the request and the other X-headers ({@code X-Forwarded-Prefix}, {@code -Port}, ...) pass untouched.
     */
    LEGACY
}
