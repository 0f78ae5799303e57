package io.jwtgate.jwt.token;

import java.util.Map;

/**
 * The signature algorithms this middleware accepts (decision 8). Matching is exact and
 * case-sensitive: {@code none}, {@code None}, {@code hs256} are all unsupported.
 */
public enum JwsAlgorithm {
    HS256(Family.HMAC, "HmacSHA256", "SHA-256", 32),
    HS384(Family.HMAC, "HmacSHA384", "SHA-384", 48),
    HS512(Family.HMAC, "HmacSHA512", "SHA-512", 64),
    RS256(Family.RSA, "SHA256withRSA", "SHA-256", 32),
    RS384(Family.RSA, "SHA384withRSA", "SHA-384", 48),
    RS512(Family.RSA, "SHA512withRSA", "SHA-512", 64),
    PS256(Family.RSA_PSS, "RSASSA-PSS", "SHA-256", 32),
    PS384(Family.RSA_PSS, "RSASSA-PSS", "SHA-384", 48),
    PS512(Family.RSA_PSS, "RSASSA-PSS", "SHA-512", 64),
    ES256(Family.ECDSA, "SHA256withECDSAinP1363Format", "SHA-256", 32),
    ES384(Family.ECDSA, "SHA384withECDSAinP1363Format", "SHA-384", 48),
    ES512(Family.ECDSA, "SHA512withECDSAinP1363Format", "SHA-512", 64),
    EdDSA(Family.EDDSA, "Ed25519", null, 0);

    /** Key families: a key verifies only the algorithms of its own family (decision 8). */
    public enum Family { HMAC, RSA, RSA_PSS, ECDSA, EDDSA }

    private static final Map<String, JwsAlgorithm> BY_NAME;

    static {
        java.util.HashMap<String, JwsAlgorithm> map = new java.util.HashMap<>();
        for (JwsAlgorithm a : values()) {
            map.put(a.name(), a);
        }
        BY_NAME = Map.copyOf(map);
    }

    private final Family family;
    private final String jcaName;
    private final String hashName;
    private final int hashLength;

    JwsAlgorithm(Family family, String jcaName, String hashName, int hashLength) {
        this.family = family;
        this.jcaName = jcaName;
        this.hashName = hashName;
        this.hashLength = hashLength;
    }

    /** Exact, case-sensitive lookup; null when unsupported. */
    public static JwsAlgorithm fromHeader(String alg) {
        return alg == null ? null : BY_NAME.get(alg);
    }

    public Family family() {
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
