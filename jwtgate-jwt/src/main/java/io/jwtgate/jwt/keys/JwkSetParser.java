package io.jwtgate.jwt.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.jwtgate.jwt.FetchFailure;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a JWK Set (RFC 7517) with Nimbus, one key at a time so that a bad key is dropped (and
 * reported) while the good ones are kept. Only public signature keys are produced: private members
 * are ignored (the public part is used), symmetric {@code oct} keys are dropped (HMAC secrets come
 * from {@code signingSecret} only, decision 8), RSA keys are checked by {@link RsaKeyRules}, EC points
 * are checked to lie on their curve (Nimbus), Ed25519 is the only OKP curve.
 */
public final class JwkSetParser {

    /** Outcome: the usable keys and one line per dropped key. */
    public record Parsed(KeySet keys, List<String> dropped) {
        public Parsed {
            dropped = List.copyOf(dropped);
        }
    }

    /** The document as a whole is refused; {@link #cause} says why. */
    public static final class Unusable extends IllegalArgumentException {
        private final FetchFailure cause;

        Unusable(FetchFailure cause, String message) {
            super(message);
            this.cause = cause;
        }

        public FetchFailure failure() {
            return cause;
        }
    }

    private JwkSetParser() {}

    /**
     * @param maxKeys          more keys than this refuses the whole document
     * @param acceptSymmetric  keep {@code oct} keys as HMAC keys (only the Wycheproof harness does)
     * @throws Unusable when the document itself is unusable
     */
    public static Parsed parse(String json, int maxKeys, boolean acceptSymmetric) {
        Map<String, Object> document;
        try {
            document = JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new Unusable(FetchFailure.INVALID_JSON, "not a JSON object: " + e.getMessage());
        }
        if (!(document.get("keys") instanceof List<?> array)) {
            throw new Unusable(FetchFailure.INVALID_JSON, "no \"keys\" array: not a JWK Set");
        }
        if (array.size() > maxKeys) {
            throw new Unusable(FetchFailure.TOO_MANY_KEYS, "JWK Set has " + array.size() + " keys, more than the limit of " + maxKeys);
        }
        List<KeyEntry> keys = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Object element = array.get(i);
            String label = "key #" + i;
            try {
                if (!(element instanceof Map<?, ?> map)) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                if (map.get("kid") instanceof String kid) {
                    label += " (kid " + logSafe(kid) + ")";
                }
                @SuppressWarnings("unchecked")
                JWK jwk = JWK.parse((Map<String, Object>) map);
                keys.add(toEntry(jwk, acceptSymmetric));
            } catch (ParseException | IllegalArgumentException | JOSEException e) {
                dropped.add(label + ": " + e.getMessage());
            }
        }
        return new Parsed(new KeySet(keys), dropped);
    }

    /** A kid for logs: printable ASCII only, at most 64 characters (the set comes from the network). */
    static String logSafe(String kid) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < kid.length() && b.length() < 64; i++) {
            char c = kid.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return kid.length() > 64 ? b + "..." : b.toString();
    }

    /** Converts one parsed JWK, keeping its alg/use/key_ops restrictions. */
    public static KeyEntry toEntry(JWK jwk, boolean acceptSymmetric) throws JOSEException {
        VerificationKey key = switch (jwk) {
            case RSAKey rsa -> JcaKeys.toVerificationKey(rsa.toRSAPublicKey());
            case ECKey ec -> {
                Curve crv = ec.getCurve();
                if (!Curve.P_256.equals(crv) && !Curve.P_384.equals(crv) && !Curve.P_521.equals(crv)) {
                    throw new IllegalArgumentException("EC curve " + crv + " is not supported");
                }
                yield JcaKeys.toVerificationKey(ec.toECPublicKey());
            }
            case OctetKeyPair okp -> {
                if (!Curve.Ed25519.equals(okp.getCurve())) {
                    throw new IllegalArgumentException("OKP curve " + okp.getCurve() + " is not supported (Ed25519 only)");
                }
                yield JcaKeys.ed25519(okp.getDecodedX());
            }
            case OctetSequenceKey oct -> {
                if (!acceptSymmetric) {
                    throw new IllegalArgumentException("symmetric (oct) keys are not accepted in a key set; use signingSecret");
                }
                yield new VerificationKey.Hmac(oct.toByteArray());
            }
            default -> throw new IllegalArgumentException("key type " + jwk.getKeyType() + " is not supported");
        };
        Set<String> ops = null;
        if (jwk.getKeyOperations() != null) {
            ops = new HashSet<>();
            for (KeyOperation op : jwk.getKeyOperations()) {
                ops.add(op.identifier());
            }
        }
        return new KeyEntry(jwk.getKeyID(), key,
                jwk.getAlgorithm() == null ? null : jwk.getAlgorithm().getName(),
                jwk.getKeyUse() == null ? null : jwk.getKeyUse().identifier(),
                ops);
    }
}
