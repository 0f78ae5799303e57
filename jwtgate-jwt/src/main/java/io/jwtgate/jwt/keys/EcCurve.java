package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.token.JwsAlgorithm;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;

/** The NIST curves of JWS, each bound to exactly one ES algorithm (RFC 7518 section 3.4). */
public enum EcCurve {
    P_256("P-256", "secp256r1", JwsAlgorithm.ES256, 32),
    P_384("P-384", "secp384r1", JwsAlgorithm.ES384, 48),
    P_521("P-521", "secp521r1", JwsAlgorithm.ES512, 66);

    private final String jwkName;
    private final ECParameterSpec spec;
    private final JwsAlgorithm algorithm;
    private final int coordinateLength;

    EcCurve(String jwkName, String jcaName, JwsAlgorithm algorithm, int coordinateLength) {
        this.jwkName = jwkName;
        this.algorithm = algorithm;
        this.coordinateLength = coordinateLength;
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec(jcaName));
            this.spec = params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks curve " + jcaName, e);
        }
    }

    public String jwkName() {
        return jwkName;
    }

    public ECParameterSpec spec() {
        return spec;
    }

    /** The only algorithm a key on this curve may verify. */
    public JwsAlgorithm algorithm() {
        return algorithm;
    }

    /** Bytes of one coordinate; a P1363 signature is twice this. */
    public int coordinateLength() {
        return coordinateLength;
    }

    /** Identifies the curve of a JCA key by its parameters (not by bit size: secp256k1 is 256 bits too). */
    public static EcCurve of(ECParameterSpec params) {
        for (EcCurve c : values()) {
            if (c.spec.getOrder().equals(params.getOrder()) && c.spec.getCurve().equals(params.getCurve())
                    && c.spec.getGenerator().equals(params.getGenerator())) {
                return c;
            }
        }
        return null;
    }
}
