package io.jwtgate.gateway.support;

import java.util.stream.Collectors;

/** PEM text inside YAML written by tests. */
public final class TlsYaml {

    private TlsYaml() {}

    /** A YAML literal block ({@code |}) holding {@code pem}, its lines indented by {@code spaces}. */
    public static String block(String pem, int spaces) {
        String pad = " ".repeat(spaces);
        return "|\n" + pem.strip().lines().map(l -> pad + l).collect(Collectors.joining("\n")) + "\n";
    }

    /** A {@code tls.certificates} entry at two-space list indentation under {@code certificates:}. */
    public static String certificate(TestPki.Issued issued) {
        return "    - certFile: " + block(issued.chainPem(), 8) + "      keyFile: " + block(issued.keyPem(), 8);
    }
}
