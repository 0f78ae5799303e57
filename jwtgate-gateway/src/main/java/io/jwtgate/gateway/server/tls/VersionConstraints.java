package io.jwtgate.gateway.server.tls;

import io.jwtgate.gateway.config.TlsVersion;
import java.security.AlgorithmConstraints;
import java.security.AlgorithmParameters;
import java.security.CryptoPrimitive;
import java.security.Key;
import java.util.Set;

/**
 * {@code minVersion}/{@code maxVersion} of one set of options. Vert.x sets every engine's enabled
 * protocols itself after the context did, so the range is enforced where the JDK also applies
 * {@code jdk.tls.disabledAlgorithms}: its algorithm constraints, which it checks for each protocol
 * version (a refused version gets the protocol_version alert, as from Go).
 */
final class VersionConstraints implements AlgorithmConstraints {

    private final TlsVersion min;
    private final TlsVersion max;

    VersionConstraints(TlsVersion min, TlsVersion max) {
        this.min = min;
        this.max = max;
    }

    @Override
    public boolean permits(Set<CryptoPrimitive> primitives, String algorithm, AlgorithmParameters parameters) {
        if (algorithm == null) {
            return true;
        }
        if (algorithm.startsWith("SSLv")) {
            return false;
        }
        TlsVersion v = TlsVersion.ofJavaName(algorithm);
        return v == null || (v.compareTo(min) >= 0 && v.compareTo(max) <= 0);
    }

    @Override
    public boolean permits(Set<CryptoPrimitive> primitives, Key key) {
        return true;
    }

    @Override
    public boolean permits(Set<CryptoPrimitive> primitives, String algorithm, Key key, AlgorithmParameters parameters) {
        return permits(primitives, algorithm, parameters);
    }
}
