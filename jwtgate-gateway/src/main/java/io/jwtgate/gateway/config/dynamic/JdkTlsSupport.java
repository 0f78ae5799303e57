package io.jwtgate.gateway.config.dynamic;

import io.jwtgate.gateway.config.TlsVersion;
import java.security.NoSuchAlgorithmException;
import java.security.Security;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * What this JDK's TLS implementation can negotiate: its supported cipher suites and named groups
 * (which already leave out what {@code jdk.tls.disabledAlgorithms} disables) and the protocol
 * versions that property disables. Read once.
 */
public final class JdkTlsSupport {

    private static final Set<String> CIPHER_SUITES;
    private static final Set<String> NAMED_GROUPS;
    private static final Set<TlsVersion> DISABLED_VERSIONS = EnumSet.noneOf(TlsVersion.class);

    static {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, null, null);
            SSLParameters supported = context.getSupportedSSLParameters();
            CIPHER_SUITES = Set.copyOf(Arrays.asList(supported.getCipherSuites()));
            NAMED_GROUPS = Set.copyOf(new LinkedHashSet<>(Arrays.asList(supported.getNamedGroups())));
        } catch (NoSuchAlgorithmException | java.security.KeyManagementException e) {
            throw new IllegalStateException("the JDK has no TLS implementation", e);
        }
        String disabled = Security.getProperty("jdk.tls.disabledAlgorithms");
        if (disabled != null) {
            for (String token : disabled.split(",")) {
                TlsVersion v = TlsVersion.ofJavaName(token.trim());
                if (v != null) {
                    DISABLED_VERSIONS.add(v);
                }
            }
        }
    }

    private JdkTlsSupport() {}

    /** A suite (JDK name) this JDK negotiates. */
    public static boolean cipherSuite(String javaName) {
        return CIPHER_SUITES.contains(javaName);
    }

    /** A named group (JDK name) this JDK offers. */
    public static boolean namedGroup(String javaName) {
        return NAMED_GROUPS.contains(javaName);
    }

    /** A version {@code jdk.tls.disabledAlgorithms} turns off (TLS 1.0 and 1.1 in current JDKs). */
    public static boolean disabled(TlsVersion version) {
        return DISABLED_VERSIONS.contains(version);
    }
}
