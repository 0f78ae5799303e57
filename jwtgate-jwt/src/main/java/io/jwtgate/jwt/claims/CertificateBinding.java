package io.jwtgate.jwt.claims;

import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.token.TokenRejected;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Certificate-bound access tokens (RFC 8705 section 3): a token with {@code cnf.x5t#S256} is accepted only
 * over a TLS connection whose client certificate has that SHA-256 thumbprint (base64url of the DER).
 */
public final class CertificateBinding {

    private CertificateBinding() {}

    /** @param required every token must be certificate-bound ({@code certificateBoundTokens: required}) */
    public static void check(JsonValue.JsonObject claims, X509Certificate clientCertificate, boolean required) throws TokenRejected {
        String expected = claims.get("cnf") instanceof JsonValue.JsonObject cnf ? cnf.string("x5t#S256") : null;
        if (expected == null) {
            if (required) {
                throw new TokenRejected(DenyReason.CERTIFICATE_BINDING_MISMATCH, "certificateBoundTokens is required and the token has no cnf.x5t#S256");
            }
            return;
        }
        if (clientCertificate == null) {
            throw new TokenRejected(DenyReason.CERTIFICATE_BINDING_MISMATCH, "token is bound to a client certificate (cnf.x5t#S256) and none was presented");
        }
        String actual = thumbprint(clientCertificate);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII))) {
            throw new TokenRejected(DenyReason.CERTIFICATE_BINDING_MISMATCH, "client certificate is not the one the token is bound to (cnf.x5t#S256)");
        }
    }

    public static String thumbprint(X509Certificate certificate) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
