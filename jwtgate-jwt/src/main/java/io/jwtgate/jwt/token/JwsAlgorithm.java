package io.jwtgate.jwt.token;

import io.jwtgate.jwt.config.AlgorithmFamily;
import java.util.Map;

/**
 * The signature algorithms this middleware accepts (decision 8). Matching is exact and
 * case-sensitive: {@code none}, {@code None}, {@code hs256} are all unsupported.
 */
public enum JwsAlgorithm {
    HS256(AlgorithmFamily.HMAC, "HmacSHA256", "SHA-256", 32),
    HS384(AlgorithmFamily.HMAC, "HmacSHA384", "SHA-384", 48),
    HS512(AlgorithmFamily.HMAC, "HmacSHA512", "SHA-512", 64),
    RS256(AlgorithmFamily.RSA, "SHA256withRSA", "SHA-256", 32),
    RS384(AlgorithmFamily.RSA, "SHA384withRSA", "SHA-384", 48),
    RS512(AlgorithmFamily.RSA, "SHA512withRSA", "SHA-512", 64),
    PS256(AlgorithmFamily.RSA_PSS, "RSASSA-PSS", "SHA-256", 32),
    PS384(AlgorithmFamily.RSA_PSS, "RSASSA-PSS", "SHA-384", 48),
    PS512(AlgorithmFamily.RSA_PSS, "RSASSA-PSS", "SHA-512", 64),
    ES256(AlgorithmFamily.ECDSA, "SHA256withECDSAinP1363Format", "SHA-256", 32),
    ES384(AlgorithmFamily.ECDSA, "SHA384withECDSAinP1363Format", "SHA-384", 48),
    ES512(AlgorithmFamily.ECDSA, "SHA512withECDSAinP1363Format", "SHA-512", 64),
    EdDSA(AlgorithmFamily.EDDSA, "Ed25519", null, 0);

    private static final Map<String, JwsAlgorithm> BY_NAME;

    static {
        java.util.HashMap<String, JwsAlgorithm> map = new java.util.HashMap<>();
        for (JwsAlgorithm a : values()) {
            map.put(a.name(), a);
        }
        BY_NAME = Map.copyOf(map);
    }

    private final AlgorithmFamily family;
    private final String jcaName;
    private final String hashName;
    private final int hashLength;

    JwsAlgorithm(AlgorithmFamily family, String jcaName, String hashName, int hashLength) {
        this.family = family;
        this.jcaName = jcaName;
        this.hashName = hashName;
        this.hashLength = hashLength;
    }

    /** Exact, case-sensitive lookup; null when unsupported. */
    public static JwsAlgorithm fromHeader(String alg) {
        return alg == null ? null : BY_NAME.get(alg);
    }

    public AlgorithmFamily family() {
        return family;
    }

    public String jcaName() {
        return jcaName;
    }

    /** JCA digest name (PSS/MGF1 parameters); null for EdDSA. */
    public String hashName() {
        return hashName;
    }

    /** Digest output length in bytes: the PSS salt length and the recommended HMAC key length. */
    public int hashLength() {
        return hashLength;
    }
}
