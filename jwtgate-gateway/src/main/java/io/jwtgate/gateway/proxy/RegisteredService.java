package io.jwtgate.gateway.proxy;

/**
 * One row of the service-type table: the key a configuration names it by ({@code loadBalancer}),
 * where its options are documented, and how it is built.
 */
public record RegisteredService(String key, String docs, ServiceType builder) {}
