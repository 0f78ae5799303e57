package io.jwtgate.gateway.config.dynamic;

/** {@code tls.certificates[]} entry: PEM certificate chain and key, each a file path or inline PEM. */
public record CertificateConfig(String certFile, String keyFile, String source) {}
