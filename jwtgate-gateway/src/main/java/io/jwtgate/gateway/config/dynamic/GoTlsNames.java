package io.jwtgate.gateway.config.dynamic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names Traefik accepts in {@code cipherSuites} and {@code curvePreferences} (Go's
 * {@code crypto/tls} names, Traefik's {@code pkg/tls/cipher.go} and {@code certificate.go}) and what
 * they are called in the JDK. Lookups are case-sensitive, as Go's map lookups are.
 */
public final class GoTlsNames {

    /** The Go name of a suite, its JDK (IANA) name; null for the fallback signalling value, which is not a suite. */
    private static final Map<String, String> CIPHER_SUITES = new LinkedHashMap<>();

    /** TLS 1.3 suites: Go does not let them be configured (every one is always enabled), so listing them changes nothing. */
    public static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");

    /** The suites of Traefik's default options ({@code tls.CipherSuites()} of Go, in its order), by Go name. */
    public static final List<String> DEFAULT_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

    /** Go curve names (and the RFC 8446 spellings Traefik also accepts) to the JDK's named groups. */
    private static final Map<String, String> CURVES = new LinkedHashMap<>();

    /** The curves a connection offers when {@code curvePreferences} is not set: Go's classical defaults, in Go's order. */
    public static final List<String> DEFAULT_GROUPS = List.of("x25519", "secp256r1", "secp384r1", "secp521r1");

    /** Post-quantum hybrid groups Go prefers by default; offered too when the JDK can do them. */
    public static final List<String> DEFAULT_HYBRID_GROUPS = List.of("X25519MLKEM768", "SecP256r1MLKEM768", "SecP384r1MLKEM1024");

    /** Traefik's default ALPN list; {@code acme-tls/1} is kept in the configuration but never negotiated (no ACME). */
    public static final List<String> DEFAULT_ALPN = List.of("h2", "http/1.1", "acme-tls/1");

    /** The ACME TLS-ALPN-01 protocol: only Traefik's ACME resolver answers it. */
    public static final String ACME_TLS = "acme-tls/1";

    static {
        for (String same : List.of("TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA256",
                "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
                "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256")) {
            CIPHER_SUITES.put(same, same);
        }
        // The JDK kept the SSL_ prefix for these two; Go has short aliases for the ChaCha20 suites.
        CIPHER_SUITES.put("TLS_RSA_WITH_RC4_128_SHA", "SSL_RSA_WITH_RC4_128_SHA");
        CIPHER_SUITES.put("TLS_RSA_WITH_3DES_EDE_CBC_SHA", "SSL_RSA_WITH_3DES_EDE_CBC_SHA");
        CIPHER_SUITES.put("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        CIPHER_SUITES.put("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        CIPHER_SUITES.put("TLS_FALLBACK_SCSV", null);

        CURVES.put("secp256r1", "secp256r1");
        CURVES.put("CurveP256", "secp256r1");
        CURVES.put("secp384r1", "secp384r1");
        CURVES.put("CurveP384", "secp384r1");
        CURVES.put("secp521r1", "secp521r1");
        CURVES.put("CurveP521", "secp521r1");
        CURVES.put("x25519", "x25519");
        CURVES.put("X25519", "x25519");
        CURVES.put("x25519mlkem768", "X25519MLKEM768");
        CURVES.put("X25519MLKEM768", "X25519MLKEM768");
        CURVES.put("secp256r1mlkem768", "SecP256r1MLKEM768");
        CURVES.put("SecP256r1MLKEM768", "SecP256r1MLKEM768");
        CURVES.put("secp384r1mlkem1024", "SecP384r1MLKEM1024");
        CURVES.put("SecP384r1MLKEM1024", "SecP384r1MLKEM1024");
    }

    private GoTlsNames() {}

    /** Every cipher suite name Traefik accepts. */
    public static Set<String> cipherSuiteNames() {
        return CIPHER_SUITES.keySet();
    }

    public static boolean isCipherSuite(String goName) {
        return CIPHER_SUITES.containsKey(goName);
    }

    /** The JDK name of a suite Traefik accepts; null for {@code TLS_FALLBACK_SCSV} (a signal, never negotiated). */
    public static String javaCipherSuite(String goName) {
        return CIPHER_SUITES.get(goName);
    }

    /** Every curve name Traefik accepts. */
    public static Set<String> curveNames() {
        return CURVES.keySet();
    }

    /** The JDK's named group for a curve Traefik accepts, or null for a name Traefik refuses. */
    public static String javaGroup(String goName) {
        return CURVES.get(goName);
    }
}
