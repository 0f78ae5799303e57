package io.jwtgate.gateway.support;

import io.jwtgate.gateway.runtime.TlsCertificates.PemPair;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for tests (BouncyCastle): its own certificate, and leaf certificates it
 * signs with the names a test needs (DNS names, IP addresses, URIs such as SPIFFE ids).
 */
public final class TestCa {

    private final KeyPair keys;
    private final X500Name name;
    private final String certificatePem;

    public TestCa(String commonName) {
        try {
            this.keys = ecKeys();
            this.name = new X500Name("CN=" + commonName);
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(30))), name, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            this.certificatePem = pem(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the test CA: " + e, e);
        }
    }

    /** The CA's certificate, PEM. */
    public String certificatePem() {
        return certificatePem;
    }

    /**
     * A leaf certificate signed by this CA. {@code names} are SANs written {@code dns:host},
     * {@code ip:127.0.0.1} or {@code uri:spiffe://...}.
     */
    public PemPair issue(String commonName, String... names) {
        try {
            KeyPair leaf = ecKeys();
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=" + commonName), leaf.getPublic());
            List<GeneralName> sans = new ArrayList<>();
            for (String n : names) {
                String value = n.substring(n.indexOf(':') + 1);
                sans.add(switch (n.substring(0, n.indexOf(':'))) {
                    case "dns" -> new GeneralName(GeneralName.dNSName, value);
                    case "ip" -> new GeneralName(GeneralName.iPAddress, value);
                    case "uri" -> new GeneralName(GeneralName.uniformResourceIdentifier, value);
                    default -> throw new IllegalArgumentException("SAN " + n + ": write dns:, ip: or uri:");
                });
            }
            if (!sans.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            X509CertificateHolder cert = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return new PemPair(pem(cert), pem(new JcaPKCS8Generator(leaf.getPrivate(), null)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate: " + e, e);
        }
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
