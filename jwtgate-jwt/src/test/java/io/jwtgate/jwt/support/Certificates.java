package io.jwtgate.jwt.support;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates for tests (BouncyCastle, test scope only). */
public final class Certificates {

    private Certificates() {}

    public static X509Certificate selfSigned(KeyPair pair, String signatureAlgorithm) {
        try {
            X500Name name = new X500Name("CN=jwtgate-test");
            Date now = new Date();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(now.getTime() - 60_000),
                    new Date(now.getTime() + 86_400_000L), name, pair.getPublic());
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(pair.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
